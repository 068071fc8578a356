using System.Net.WebSockets;
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
        using var metrics = new MeterProbe(gateway.Services, GatewayMetrics.MeterName);

        using var client = await SlowReaderClient.ConnectAsync(gateway.Address);

        // The echo app sends every message back; this client never reads again, so the gateway's writes stall once
        // the socket buffers are full, and then the gateway stops reading too: the sends are not awaited, since the
        // last of them may be taken by the socket buffers or wait until the socket is gone.
        var sending = SendAsync(client.Socket, "4" + new string('x', 900_000), count: 10);

        var session = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<OrleansEio.Sessions.IEngineIoSessionGrain>(client.Sid);
        await Eventually.True(async () => (await session.Describe()).State == "Closed", TimeSpan.FromSeconds(30), "the slow reader's session ends");
        await Eventually.True(() => Task.FromResult(metrics.Sum("orleanseio.gateway.refused", "reason", "Write timeout") == 1), TimeSpan.FromSeconds(5), "the write timeout is counted");
        client.Socket.Abort();
        await sending.ContinueWith(_ => { }, TaskScheduler.Default).Within();
    }

    private static async Task SendAsync(WebSocket socket, string message, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        }
    }
}
