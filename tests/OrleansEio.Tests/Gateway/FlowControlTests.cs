using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansEio.Gateway.EngineIo;
using OrleansEio.Sessions;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>
/// A WebSocket is not read from while the client does not take what it was sent: a client that floods the echo app and
/// never reads the echoes fills socket buffers, not the server's memory. Production settings (10 s write timeout).
/// </summary>
public sealed class FlowControlTests(EmbeddedGateway gateway) : IClassFixture<EmbeddedGateway>
{
    [Fact]
    public async Task A_client_that_does_not_read_its_echoes_is_no_longer_read_from_and_its_session_queues_little()
    {
        using var metrics = new MeterProbe(gateway.Services, GatewayMetrics.MeterName);
        using var client = await SlowReaderClient.ConnectAsync(gateway.Address);
        var session = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IEngineIoSessionGrain>(client.Sid);
        var message = Encoding.UTF8.GetBytes("4" + new string('x', 64 * 1024));

        // Without flow control the gateway reads on, the echoes pile up in the session until its 16 MB budget closes it,
        // and every send here completes (or fails once the session is closed): 2,000 messages are 128 MB.
        var stalled = false;
        for (var sent = 0; sent < 2_000 && !stalled; sent++)
        {
            var send = client.Socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            var taken = await Task.WhenAny(send, Task.Delay(TimeSpan.FromSeconds(3))) == send;
            stalled = !taken && metrics.Observe("orleanseio.gateway.reads_paused") > 0;
            if (!taken && !stalled)
            {
                // Slow for another reason (a busy machine): wait for it, within bounds, and go on.
                await send.Within(TimeSpan.FromSeconds(30));
            }
        }

        Assert.True(stalled, "the gateway never stopped reading a client that does not read");
        var snapshot = await session.Describe().Within();
        Assert.Equal("Open", snapshot.State);

        // What is queued: the echoes read while the socket buffers still took the gateway's writes at once (a few MB
        // on loopback), not what the client went on sending: far from the session's 16 MB budget (256 of these).
        Assert.InRange(snapshot.Buffered, 0, 128);
    }
}
