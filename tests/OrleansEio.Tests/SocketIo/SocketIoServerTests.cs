using System.Text.Json;
using OrleansEio.Sessions;
using OrleansEio.SocketIo;
using OrleansEio.Tests.Infrastructure;
using SocketIOClient.Transport;

namespace OrleansEio.Tests.SocketIo;

/// <summary>The server API, exercised by the official C# client through three gateways over a two-silo TestCluster.</summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class SocketIoServerTests(GatewayCluster cluster)
{
    private const string Path = SocketIoTestApp.Path;

    private Uri A => cluster.Gateways[0];
    private Uri B => cluster.Gateways[1];
    private Uri C => cluster.Gateways[2];

    private ISocketIoServer Server => new SocketIoServer(cluster.Cluster.Client, Path);

    [Fact]
    public async Task Middleware_sees_the_auth_payload_and_keeps_data_on_the_socket()
    {
        using var client = await SioClients.ConnectAsync(A, Path, auth: new { user = "ada" });

        var whoami = await client.AskAsync("whoami");

        Assert.Equal(client.Id, whoami.GetValue<string>(0));
        Assert.Equal("ada", whoami.GetValue<string>(2));
    }

    [Fact]
    public async Task Middleware_refuses_a_connection_and_the_official_client_reports_the_message()
    {
        using var client = new SocketIOClient.SocketIO(new Uri(B, "/"), new SocketIOClient.SocketIOOptions { Path = Path, Auth = new { token = "bad" }, Reconnection = false, Transport = TransportProtocol.WebSocket });
        var error = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnError += (_, message) => error.TrySetResult(message);

        _ = client.ConnectAsync();

        Assert.Equal("not authorized", await error.Task.Within());
        Assert.False(client.Connected);
    }

    [Fact]
    public async Task Middleware_refusal_is_a_connect_error_with_message_and_data_on_the_wire()
    {
        using var socket = await EioHttp.ConnectAsync(C, path: Path + "/");
        await EioHttp.ReceiveAsync(socket);

        await EioHttp.SendTextAsync(socket, "40{\"token\":\"bad\"}");

        Assert.Equal("44{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}", await EioHttp.ReceiveAsync(socket));
    }

    [Fact]
    public async Task An_event_named_by_a_number_reaches_the_handler_registered_under_its_text()
    {
        using var socket = await EioHttp.ConnectAsync(B, path: Path + "/");
        await EioHttp.ReceiveAsync(socket);
        await EioHttp.SendTextAsync(socket, "40");
        Assert.StartsWith("40{", await EioHttp.ReceiveAsync(socket));

        await EioHttp.SendTextAsync(socket, "4212[7,\"x\"]");

        Assert.Equal("4312[\"seven\",\"7\",\"x\"]", await EioHttp.ReceiveAsync(socket));
    }

    [Fact]
    public async Task The_server_acks_a_client_emit_and_awaits_the_clients_ack_of_its_own_emit()
    {
        using var client = await SioClients.ConnectAsync(C, Path, transport: TransportProtocol.Polling);
        client.Answer("question", _ => 42);

        var reply = await client.AskAsync("ask-client", 5000);

        Assert.Equal("answered", reply.GetValue<string>(0));
        Assert.Equal(42, reply.GetValue<int>(1));
    }

    [Fact]
    public async Task A_server_emit_with_ack_times_out_when_the_client_never_answers()
    {
        using var client = await SioClients.ConnectAsync(A, Path);
        client.On("question", _ => { });

        var reply = await client.AskAsync("ask-client", 200);

        Assert.Equal("timeout", reply.GetValue<string>(0));
    }

    [Fact]
    public async Task Binary_arguments_travel_as_binary_both_ways()
    {
        using var client = await SioClients.ConnectAsync(B, Path);

        var reply = await client.AskAsync("upload", new byte[] { 1, 2, 3, 250 });

        Assert.Equal(4, reply.GetValue<int>(0));
        Assert.Equal(new byte[] { 250, 3, 2, 1 }, reply.InComingBytes.Single());
    }

    [Fact]
    public async Task A_room_emit_reaches_exactly_the_other_members_across_gateways()
    {
        using var sender = await SioClients.ConnectAsync(A, Path);
        using var member = await SioClients.ConnectAsync(B, Path, transport: TransportProtocol.Polling);
        using var outsider = await SioClients.ConnectAsync(C, Path);
        var room = "room-" + Guid.NewGuid().ToString("N");
        await sender.AskAsync("join", room);
        await member.AskAsync("join", room);
        var toMember = member.Next("room-message");
        var toOutsider = outsider.Next("room-message");
        var toSender = sender.Next("room-message");

        await sender.AskAsync("to-room", room, "hello", new byte[] { 9 });

        var received = await toMember.Within();
        Assert.Equal("hello", received.GetValue<string>(0));
        Assert.Equal(new byte[] { 9 }, received.InComingBytes.Single());
        // Ordering is per sender: once its second emit arrives, a stray first one would have arrived too.
        var second = member.Next("room-message");
        await sender.AskAsync("to-room", room, "again");
        Assert.Equal("again", (await second.Within()).GetValue<string>(0));
        Assert.False(toOutsider.IsCompleted);
        Assert.False(toSender.IsCompleted);
    }

    [Fact]
    public async Task Fetch_join_and_disconnect_reach_sockets_on_every_silo()
    {
        var room = "fleet-" + Guid.NewGuid().ToString("N");
        var clients = new List<SocketIOClient.SocketIO>();
        var silos = new HashSet<string>();
        try
        {
            // Sessions land on the silo that received their handshake; open clients until both silos hold some.
            for (var i = 0; i < 20 && silos.Count < 2; i++)
            {
                var client = await SioClients.ConnectAsync(cluster.Gateways[i % 3], Path, transport: TransportProtocol.Polling);
                clients.Add(client);
                var sid = (await client.AskAsync("whoami")).GetValue<string>(1);
                silos.Add((await cluster.Cluster.Client.GetGrain<IEngineIoSessionGrain>(sid).Describe().Within()).Silo);
                await client.AskAsync("join", room);
            }

            Assert.Equal(2, silos.Count);

            var fetched = await Server.Of("/").To(room).FetchSocketsAsync().Within();
            Assert.Equal(clients.Select(c => c.Id).Order(), fetched.Select(s => s.Id).Order());
            Assert.All(fetched, socket => Assert.Contains(room, socket.Rooms));

            var renamed = room + "-b";
            await Server.Of("/").To(room).SocketsJoinAsync(renamed).Within();
            Assert.Equal(clients.Count, (await Server.Of("/").To(renamed).FetchSocketsAsync().Within()).Count);

            var disconnected = clients.Select(c =>
            {
                var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                c.OnDisconnected += (_, reason) => done.TrySetResult(reason);
                return done.Task;
            }).ToArray();
            await Server.Of("/").To(renamed).DisconnectSocketsAsync().Within();
            await Task.WhenAll(disconnected).Within();
            Assert.Empty(await Server.Of("/").To(room).FetchSocketsAsync().Within());
            Assert.All(clients, c => Assert.Equal("server namespace disconnect", SocketIoTestApp.Disconnects[c.Id]));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_namespace_wide_emit_from_outside_the_cluster_reaches_every_socket_of_the_namespace()
    {
        using var first = await SioClients.ConnectAsync(A, Path);
        using var second = await SioClients.ConnectAsync(C, Path, transport: TransportProtocol.Polling);
        var toFirst = first.Next("announcement");
        var toSecond = second.Next("announcement");

        await Server.Of("/").EmitAsync("announcement", "from a controller").Within();

        Assert.Equal("from a controller", (await toFirst.Within()).GetValue<string>(0));
        Assert.Equal("from a controller", (await toSecond.Within()).GetValue<string>(0));
    }

    [Fact]
    public async Task A_dynamic_namespace_accepts_names_its_pattern_matches()
    {
        using var client = new SocketIOClient.SocketIO(new Uri(B, "/dyn-42"), new SocketIOClient.SocketIOOptions { Path = Path, Reconnection = false, Transport = TransportProtocol.WebSocket });
        var welcome = client.Next("welcome");

        await client.ConnectAsync().Within();

        Assert.Equal("/dyn-42", (await welcome.Within()).GetValue<string>(0));
    }

    [Fact]
    public async Task A_client_disconnect_is_heard_with_its_reason()
    {
        var client = await SioClients.ConnectAsync(A, Path);
        var id = client.Id;

        await client.DisconnectAsync().Within();
        client.Dispose();

        await Eventually.True(() => Task.FromResult(SocketIoTestApp.Disconnects.TryGetValue(id, out var reason) && reason == "client namespace disconnect"));
    }
}
