using System.Net.WebSockets;
using System.Text.Json;
using OrleansEio.Sessions;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Cluster;

/// <summary>
/// A silo that shuts down gracefully hands its open sessions to the other silo: the clients, polling or on
/// WebSocket, keep their sid, their pending requests, their rooms, and notice nothing.
/// Its own cluster, because it stops a silo.
/// </summary>
public sealed class GracefulSiloShutdownTests : IAsyncLifetime
{
    private const string Path = "/socket.io/";
    private readonly GatewayCluster _cluster = new();
    private readonly EioHttp _eio = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public async Task DisposeAsync()
    {
        _eio.Dispose();
        await _cluster.DisposeAsync();
    }

    private Uri Gateway(int i) => _cluster.Gateways[i % _cluster.Gateways.Count];

    [Fact]
    public async Task Sessions_on_a_silo_that_shuts_down_gracefully_move_and_their_clients_notice_nothing()
    {
        var polling = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            polling.Add(await ConnectPollingAsync(i));
        }

        var sockets = new List<ClientWebSocket>();
        var sids = new List<string>(polling);
        for (var i = 0; i < 4; i++)
        {
            var (socket, sid) = await ConnectWebSocketAsync(i);
            sockets.Add(socket);
            sids.Add(sid);
        }

        var leaving = _cluster.Cluster.SecondarySilos[0];
        var onLeaving = (await Task.WhenAll(sids.Select(Describe))).Count(s => s.Silo == leaving.SiloAddress.ToString());
        Assert.True(onLeaving > 0, "no session was placed on the silo that leaves; the test would prove nothing");

        // Every polling client has a GET pending while its silo shuts down.
        var pending = polling.Select((sid, i) => _eio.GetAsync(EioHttp.Url(Gateway(i + 1), sid, path: Path))).ToArray();
        await _cluster.Cluster.StopSiloAsync(leaving).Within(TimeSpan.FromSeconds(30));

        var snapshots = await Task.WhenAll(sids.Select(Describe));
        Assert.All(snapshots, s => Assert.Equal("Open", s.State));
        Assert.All(snapshots, s => Assert.NotEqual(leaving.SiloAddress.ToString(), s.Silo));

        // The GETs pending across the move deliver what the sessions answer now.
        for (var i = 0; i < polling.Count; i++)
        {
            Assert.Equal(200, (await _eio.PostAsync(EioHttp.Url(Gateway(i + 2), polling[i], path: Path), new StringContent($"42[\"message\",\"after {i}\"]"))).Status);
            var reply = await pending[i].Within(TimeSpan.FromSeconds(20));
            Assert.Equal(200, reply.Status);
            Assert.Equal($"42[\"message-back\",\"after {i}\"]", reply.Body);
        }

        for (var i = 0; i < sockets.Count; i++)
        {
            await EioHttp.SendTextAsync(sockets[i], $"42[\"message\",\"ws after {i}\"]");
            Assert.Equal($"42[\"message-back\",\"ws after {i}\"]", await NextEventAsync(sockets[i]));
        }

        // Rooms moved too: a broadcast to the room reaches every member, wherever it now lives.
        await EioHttp.SendTextAsync(sockets[0], "42[\"broadcast\",\"moved\",\"hello room\"]");
        for (var i = 0; i < sockets.Count; i++)
        {
            Assert.Equal("42[\"hello room\"]", await NextEventAsync(sockets[i]));
        }

        for (var i = 0; i < polling.Count; i++)
        {
            var reply = await _eio.GetAsync(EioHttp.Url(Gateway(i), polling[i], path: Path));
            Assert.Equal("42[\"hello room\"]", reply.Body);
        }

        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }

    private async Task<string> ConnectPollingAsync(int i)
    {
        var handshake = await _eio.GetAsync(EioHttp.Url(Gateway(i), path: Path));
        var sid = JsonDocument.Parse(handshake.Body[1..]).RootElement.GetProperty("sid").GetString()!;
        await Post(i + 1, sid, "40");
        Assert.StartsWith("40{\"sid\":", (await _eio.GetAsync(EioHttp.Url(Gateway(i + 2), sid, path: Path))).Body);
        Assert.Equal("42[\"auth\",{}]", (await _eio.GetAsync(EioHttp.Url(Gateway(i), sid, path: Path))).Body);
        await Post(i + 1, sid, "420[\"join\",\"moved\"]");
        Assert.Equal("430[true]", (await _eio.GetAsync(EioHttp.Url(Gateway(i + 2), sid, path: Path))).Body);
        return sid;
    }

    private async Task Post(int gateway, string sid, string body)
        => Assert.Equal(200, (await _eio.PostAsync(EioHttp.Url(Gateway(gateway), sid, path: Path), new StringContent(body))).Status);

    private async Task<(ClientWebSocket Socket, string Sid)> ConnectWebSocketAsync(int i)
    {
        var socket = await EioHttp.ConnectAsync(Gateway(i), path: Path);
        var open = await EioHttp.ReceiveAsync(socket);
        var sid = JsonDocument.Parse(open![1..]).RootElement.GetProperty("sid").GetString()!;
        await EioHttp.SendTextAsync(socket, "40");
        Assert.StartsWith("40{\"sid\":", await NextEventAsync(socket));
        Assert.Equal("42[\"auth\",{}]", await NextEventAsync(socket));
        await EioHttp.SendTextAsync(socket, "420[\"join\",\"moved\"]");
        Assert.Equal("430[true]", await NextEventAsync(socket));
        return (socket, sid);
    }

    private static async Task<string> NextEventAsync(WebSocket socket)
    {
        while (true)
        {
            var frame = await EioHttp.ReceiveAsync(socket);
            Assert.NotNull(frame);
            if (frame != "2")
            {
                return frame;
            }

            await EioHttp.SendTextAsync(socket, "3");
        }
    }

    private Task<SessionSnapshot> Describe(string sid) => _cluster.Cluster.Client.GetGrain<IEngineIoSessionGrain>(sid).Describe();
}
