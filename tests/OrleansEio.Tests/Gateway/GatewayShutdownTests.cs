using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using OrleansEio.Sessions;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>A gateway that stops (SIGTERM, a rolling update) hands its clients back instead of holding them.</summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class GatewayShutdownTests(GatewayCluster cluster) : IDisposable
{
    private readonly EioHttp _eio = new();

    public void Dispose() => _eio.Dispose();

    [Fact]
    public async Task A_stopping_gateway_ends_its_pending_poll_with_a_noop_and_the_session_continues_elsewhere()
    {
        await using var leaving = await cluster.StartGatewayAsync("leaving");
        var address = new Uri(leaving.Urls.Single());
        var sid = await _eio.HandshakeAsync(address);
        var session = cluster.Cluster.Client.GetGrain<IEngineIoSessionGrain>(sid);
        var pending = _eio.PollAsync(address, sid);
        await Eventually.True(async () => (await session.Describe()).PollPending);

        var stopping = leaving.StopAsync();

        Assert.Equal((200, "6"), ((await pending).Status, (await pending).Body));
        await stopping.Within(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (await _eio.PostAsync(cluster.Gateways[0], sid, "4after the move")).Status);
        Assert.Equal("4after the move", (await _eio.PollAsync(cluster.Gateways[1], sid)).Body);
    }

    [Fact]
    public async Task A_stopping_gateway_closes_its_websockets_with_going_away()
    {
        await using var leaving = await cluster.StartGatewayAsync("leaving-ws");
        using var socket = await EioHttp.ConnectAsync(new Uri(leaving.Urls.Single()));
        await EioHttp.ReceiveAsync(socket);

        var stopping = leaving.StopAsync();

        Assert.Null(await EioHttp.ReceiveAsync(socket));
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        Assert.Equal("server shutting down", socket.CloseStatusDescription);
        await stopping.Within(TimeSpan.FromSeconds(10));
    }
}
