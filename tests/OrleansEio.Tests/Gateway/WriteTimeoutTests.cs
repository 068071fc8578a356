using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansEio.Gateway.EngineIo;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>A slow reader (a client that stops reading) is closed after <c>Gateway:WriteTimeout</c>; it holds nothing forever.</summary>
public sealed class WriteTimeoutTests(WriteTimeoutTests.Gateway gateway) : IClassFixture<WriteTimeoutTests.Gateway>
{
    public sealed class Gateway : EmbeddedGateway
    {
        protected override void Configure(WebApplicationBuilder builder)
            => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:WriteTimeout"] = "00:00:01" });
    }

    [Fact]
    public async Task A_websocket_client_that_stops_reading_is_closed_after_the_write_timeout()
    {
        var timedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var meters = gateway.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "reason", Value: "Write timeout" })
                {
                    timedOut.TrySetResult();
                }
            }
        });
        listener.Start();

        // A small receive buffer of its own (which also stops the kernel from growing it), so the gateway's writes
        // stall after a few megabytes: what the gateway's send buffer holds.
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var tcp = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
                await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(tcp, ownsSocket: true);
            },
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(EioHttp.Url(gateway.Address, transport: "websocket")) { Scheme = "ws" }.Uri, invoker, CancellationToken.None).Within();
        var open = await EioHttp.ReceiveAsync(socket);
        var sid = JsonDocument.Parse(open![1..]).RootElement.GetProperty("sid").GetString()!;

        // The echo app sends every message back; this client never reads again, so the gateway's writes stall
        // once the socket buffers are full, with the session's outbox (16 MB) still within its budget.
        var message = "4" + new string('x', 900_000);
        for (var i = 0; i < 10; i++)
        {
            await EioHttp.SendTextAsync(socket, message);
        }

        var session = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<OrleansEio.Sessions.IEngineIoSessionGrain>(sid);
        await Eventually.True(async () => (await session.Describe()).State == "Closed", TimeSpan.FromSeconds(30), "the slow reader's session ends");
        await timedOut.Task.Within(TimeSpan.FromSeconds(5));
    }
}
