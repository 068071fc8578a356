using System.Net.WebSockets;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// One client's bad arguments fail only its own handler: the interop app on three gateways over two silos, a
/// hostile raw client beside honest official clients (issue #9: a null room once blacked out room broadcasts).
/// </summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class SocketIoIsolationTests(GatewayCluster cluster)
{
    private const string Path = "/socket.io/";

    private Uri A => cluster.Gateways[0];
    private Uri B => cluster.Gateways[1];
    private Uri C => cluster.Gateways[2];

    [Fact]
    public async Task Bad_room_and_event_arguments_fail_only_the_senders_handler_and_every_room_broadcast_still_arrives()
    {
        var room = "room-" + Guid.NewGuid().ToString("N");
        using var sender = await SioClients.ConnectAsync(A, "/socket.io");
        using var member = await SioClients.ConnectAsync(B, "/socket.io", transport: SocketIOClient.Transport.TransportProtocol.Polling);
        await sender.AskAsync("join", room);
        await member.AskAsync("join", room);
        var received = new List<int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        member.On("news", response =>
        {
            lock (received)
            {
                received.Add(response.GetValue<int>(0));
                if (received.Count == 20)
                {
                    all.TrySetResult();
                }
            }
        });
        using var attacker = await ConnectRawAsync(C);

        await EioHttp.SendTextAsync(attacker, "421[\"broadcast\",null,\"x\"]");
        await EioHttp.SendTextAsync(attacker, "422[\"join\",null]");
        await EioHttp.SendTextAsync(attacker, "423[\"join\",42]");
        await EioHttp.SendTextAsync(attacker, "424[\"join\",\"\"]");
        await EioHttp.SendTextAsync(attacker, "425[\"broadcast\",\"" + room + "\",\"disconnect\"]");
        await EioHttp.SendTextAsync(attacker, "426[\"broadcast\",[],\"x\"]");
        await EioHttp.SendTextAsync(attacker, "427[\"echo\",\"still here\"]");

        // Handlers start in arrival order and the bad ones fail before their first await: none of them acked.
        Assert.Equal("437[\"still here\"]", await NextEventOrAckAsync(attacker));
        for (var i = 0; i < 20; i++)
        {
            await sender.AskAsync("broadcast", room, "news", i);
        }

        await all.Task.Within();
        Assert.Equal(Enumerable.Range(0, 20), received);
    }

    [Fact]
    public async Task A_socket_that_sent_bad_rooms_leaves_every_room_when_it_disconnects()
    {
        var room = "room-" + Guid.NewGuid().ToString("N");
        var attacker = await ConnectRawAsync(A);
        await EioHttp.SendTextAsync(attacker, "421[\"join\",\"" + room + "-1\"]");
        await EioHttp.SendTextAsync(attacker, "422[\"join\",null]");
        await EioHttp.SendTextAsync(attacker, "423[\"join\",\"" + room + "-2\"]");
        Assert.Equal("431[true]", await NextEventOrAckAsync(attacker));
        Assert.Equal("433[true]", await NextEventOrAckAsync(attacker));
        var server = new OrleansEio.SocketIo.SocketIoServer(cluster.Cluster.Client, "/socket.io");
        Assert.Single(await server.Of("/").To(room + "-2").FetchSocketsAsync().Within());

        await attacker.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
        attacker.Dispose();

        await Eventually.True(async () => (await server.Of("/").To(room + "-2").FetchSocketsAsync()).Count == 0);
        foreach (var silo in cluster.Cluster.Silos)
        {
            var router = ((Orleans.TestingHost.InProcessSiloHandle)silo).SiloHost.Services.GetService(typeof(OrleansEio.SocketIo.SocketIoSiloRouter));
            var members = ((OrleansEio.SocketIo.SocketIoSiloRouter)router!).MembersOf(new OrleansEio.SocketIo.SocketIoNamespaceKey("/socket.io", "/"), room + "-1", room + "-2");
            Assert.Equal(0, members);
        }
    }

    /// <summary>A raw WebSocket Socket.IO session connected to <c>/</c>, past its <c>auth</c> greeting.</summary>
    private static async Task<ClientWebSocket> ConnectRawAsync(Uri gateway)
    {
        var socket = await EioHttp.ConnectAsync(gateway, path: Path);
        Assert.StartsWith("0{", await EioHttp.ReceiveAsync(socket));
        await EioHttp.SendTextAsync(socket, "40");
        Assert.StartsWith("40{", await EioHttp.ReceiveAsync(socket));
        Assert.Equal("42[\"auth\",{}]", await EioHttp.ReceiveAsync(socket));
        return socket;
    }

    /// <summary>The next Socket.IO event or ack (Engine.IO pings are answered and skipped).</summary>
    private static async Task<string?> NextEventOrAckAsync(ClientWebSocket socket)
    {
        while (true)
        {
            var frame = await EioHttp.ReceiveAsync(socket);
            if (frame == "2")
            {
                await EioHttp.SendTextAsync(socket, "3");
                continue;
            }

            return frame;
        }
    }
}
