using OrleansEio.Sessions;
using OrleansEio.SocketIo;
using OrleansEio.Tests.Infrastructure;
using SocketIOClient.Transport;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// A socket's listeners, per-packet middleware, lifecycle events and emit flags, driven by the official C# client
/// (SocketIOClient) against namespace <c>/listeners</c> of <see cref="SocketIoTestApp"/>, through three gateways over
/// a two-silo cluster. What the server's listeners saw is read back with the event <c>seen</c>.
/// </summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class SocketIoListenerTests(GatewayCluster cluster)
{
    private const string Path = SocketIoTestApp.Path;
    private const string Nsp = SocketIoTestApp.ListenersNamespace;

    private Uri A => cluster.Gateways[0];
    private Uri B => cluster.Gateways[1];
    private Uri C => cluster.Gateways[2];

    private static async Task<string[]> SeenAsync(SocketIOClient.SocketIO client) => (await client.AskAsync("seen")).GetValue<string[]>(0);

    /// <summary>Emits with an ack callback and returns a task that completes if the server ever answers.</summary>
    private static async Task<Task> EmitExpectingNoAckAsync(SocketIOClient.SocketIO client, string eventName, params object[] args)
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.EmitAsync(eventName, _ => answered.TrySetResult(), args).Within();
        return answered.Task;
    }

    [Fact]
    public async Task Any_listeners_see_every_event_before_middleware_and_handlers_prepended_ones_first_even_events_nobody_handles()
    {
        using var client = await SioClients.ConnectAsync(A, Path, Nsp);

        await client.EmitAsync("nobody-handles", 1).Within();
        var seen = await SeenAsync(client);

        Assert.Equal(["first nobody-handles", "any nobody-handles", "middleware nobody-handles", "first seen", "any seen"], seen);
    }

    [Fact]
    public async Task A_middleware_that_throws_drops_the_event_and_the_socket_hears_error_with_the_exception()
    {
        using var client = await SioClients.ConnectAsync(B, Path, Nsp, transport: TransportProtocol.Polling);
        var error = client.Next("error-event");

        var answered = await EmitExpectingNoAckAsync(client, "forbidden", "x");

        var heard = await error.Within();
        Assert.Equal("UnauthorizedAccessException", heard.GetValue<string>(0));
        Assert.Equal("not allowed: x", heard.GetValue<string>(1));
        var seen = await SeenAsync(client);
        Assert.Contains("middleware forbidden", seen);
        Assert.DoesNotContain("handled forbidden", seen);
        Assert.False(answered.IsCompleted);
    }

    [Fact]
    public async Task A_middleware_that_returns_without_calling_next_drops_the_event_silently()
    {
        using var client = await SioClients.ConnectAsync(C, Path, Nsp);
        var error = client.Next("error-event");

        var answered = await EmitExpectingNoAckAsync(client, "swallowed");
        var seen = await SeenAsync(client);

        Assert.Contains("middleware swallowed", seen);
        Assert.DoesNotContain("handled swallowed", seen);
        Assert.False(answered.IsCompleted);
        Assert.False(error.IsCompleted);
    }

    [Fact]
    public async Task A_client_event_named_error_is_an_ordinary_event_not_the_error_hook()
    {
        using var client = await SioClients.ConnectAsync(A, Path, Nsp);
        var error = client.Next("error-event");

        var answer = await client.AskAsync("error");

        Assert.Equal("an ordinary event", answer.GetValue<string>(0));
        Assert.False(error.IsCompleted);
    }

    [Fact]
    public async Task Once_handles_only_the_first_occurrence_after_the_middleware_let_it_through()
    {
        using var client = await SioClients.ConnectAsync(B, Path, Nsp);

        Assert.Equal("first time", (await client.AskAsync("greet")).GetValue<string>(0));
        Assert.Equal("again", (await client.AskAsync("greet")).GetValue<string>(0));
    }

    [Fact]
    public async Task Off_removes_the_handler_it_is_given_even_a_typed_one_and_without_one_every_handler_of_the_event()
    {
        using var client = await SioClients.ConnectAsync(C, Path, Nsp, transport: TransportProtocol.Polling);
        Assert.Equal("first handler", (await client.AskAsync("removable")).GetValue<string>(0));

        Assert.Equal(1, (await client.AskAsync("off-first")).GetValue<int>(0));
        Assert.Equal("second handler", (await client.AskAsync("removable")).GetValue<string>(0));
        Assert.Equal(0, (await client.AskAsync("off-all")).GetValue<int>(0));

        var answered = await EmitExpectingNoAckAsync(client, "removable");
        Assert.Contains("middleware removable", await SeenAsync(client));
        Assert.False(answered.IsCompleted);
    }

    [Fact]
    public async Task PrependListener_and_PrependOnceListener_run_before_the_handlers_already_registered()
    {
        using var client = await SioClients.ConnectAsync(B, Path, Nsp);

        Assert.Equal("prepended once", (await client.AskAsync("ordered")).GetValue<string>(0));
        Assert.Equal("prepended", (await client.AskAsync("ordered")).GetValue<string>(0));
    }

    [Fact]
    public async Task EventNames_lists_the_names_with_handlers_in_the_order_they_were_first_registered()
    {
        using var client = await SioClients.ConnectAsync(C, Path, Nsp, transport: TransportProtocol.Polling);

        var names = (await client.AskAsync("event-names")).GetValue<string[]>(0);

        // OnError registers under "error" first; On("error") for the client's event adds to that name.
        Assert.Equal(["error", "session", "forbidden", "swallowed", "greet", "removable"], names.Take(6));
        Assert.Equal(["disconnecting", "disconnect"], names.TakeLast(2));
        Assert.Contains("ordered", names);
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public async Task RemoveAllListeners_removes_event_and_disconnect_handlers_and_keeps_any_listeners_and_middleware()
    {
        using var client = await SioClients.ConnectAsync(A, Path, Nsp);

        var counts = await client.AskAsync("remove-all");

        Assert.Equal([0, 0, 2], Enumerable.Range(0, 3).Select(i => counts.GetValue<int>(i)));
        var answered = await EmitExpectingNoAckAsync(client, "greet");
        Assert.Contains("middleware greet", await SeenAsync(client));
        Assert.False(answered.IsCompleted);
    }

    [Fact]
    public async Task Disconnecting_handlers_see_the_rooms_while_still_connected_and_disconnect_handlers_see_them_gone()
    {
        var client = await SioClients.ConnectAsync(B, Path, Nsp);
        var id = client.Id;
        await client.AskAsync("join", "lobby");

        await client.DisconnectAsync().Within();
        client.Dispose();

        var log = SocketIoTestApp.Observed[id];
        await Eventually.True(() => Task.FromResult(log.Any(e => e.StartsWith("disconnect ", StringComparison.Ordinal))));
        var rooms = string.Join(",", new[] { id, "lobby" }.Order());
        Assert.Equal(
            [$"disconnecting client namespace disconnect connected=True rooms={rooms}", "disconnect client namespace disconnect connected=False rooms="],
            log.Where(e => e.StartsWith("disconnect", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Outgoing_listeners_see_the_sockets_emits_and_the_broadcasts_it_receives_but_not_acks()
    {
        using var client = await SioClients.ConnectAsync(C, Path, Nsp);
        var direct = client.Next("direct");
        var broadcast = client.Next("broadcasted");

        await client.AskAsync("emit-and-broadcast");
        await Task.WhenAll(direct, broadcast).Within();
        var seen = await SeenAsync(client);

        Assert.Equal(["out direct [1]", "out broadcasted [2]"], seen.Where(e => e.StartsWith("out ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Outgoing_listeners_see_each_of_several_broadcasts_in_order_however_they_were_batched()
    {
        using var client = await SioClients.ConnectAsync(A, Path, Nsp, transport: TransportProtocol.Polling);
        var room = "many-" + Guid.NewGuid().ToString("N");
        await client.AskAsync("join", room);
        var received = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On("many", r =>
        {
            received.Enqueue(r.GetValue<int>(0));
            if (received.Count == 20)
            {
                all.TrySetResult();
            }
        });

        await client.AskAsync("broadcast-many", room, 20);
        await all.Task.Within();
        var seen = await SeenAsync(client);

        Assert.Equal(Enumerable.Range(0, 20), received);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"out many [{i}]"), seen.Where(e => e.StartsWith("out many", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_volatile_emit_goes_when_the_websocket_waits_for_frames_and_is_dropped_while_earlier_ones_are_in_flight()
    {
        using var client = await SioClients.ConnectAsync(A, Path, Nsp);
        var bursts = new System.Collections.Concurrent.ConcurrentQueue<int>();
        client.On("burst", r => bursts.Enqueue(r.GetValue<int>(0)));

        await client.AskAsync("volatile-burst");

        // The ack left after the burst, so whatever of it was queued has arrived.
        Assert.Equal([0], bursts);
    }

    [Fact]
    public async Task Timeout_waits_for_the_clients_ack_up_to_its_limit()
    {
        using var client = await SioClients.ConnectAsync(B, Path, Nsp, transport: TransportProtocol.Polling);
        client.Answer("question", _ => 42);

        var reply = await client.AskAsync("ask-with-timeout", 5000);

        Assert.Equal("answered", reply.GetValue<string>(0));
        Assert.Equal(42, reply.GetValue<int>(1));
    }

    [Fact]
    public async Task Timeout_ends_the_wait_with_TimeoutException_when_the_client_never_answers()
    {
        using var client = await SioClients.ConnectAsync(C, Path, Nsp);
        client.On("question", _ => { });

        var reply = await client.AskAsync("ask-with-timeout", 200);

        Assert.Equal("timeout", reply.GetValue<string>(0));
    }

    [Fact]
    public async Task Compress_and_Send_emit_as_usual()
    {
        using var client = await SioClients.ConnectAsync(A, Path, Nsp);
        var compressed = client.Next("compressed");
        var message = client.Next("message");

        await client.AskAsync("compress", "payload");

        Assert.Equal("payload", (await compressed.Within()).GetValue<string>(0));
        Assert.Equal("a message", (await message.Within()).GetValue<string>(0));
    }

    [Fact]
    public async Task In_selects_a_room_as_To_does()
    {
        using var sender = await SioClients.ConnectAsync(B, Path, Nsp);
        using var member = await SioClients.ConnectAsync(C, Path, Nsp, transport: TransportProtocol.Polling);
        var room = "in-" + Guid.NewGuid().ToString("N");
        await member.AskAsync("join", room);
        var received = member.Next("room-message");

        await sender.AskAsync("in-room", room, "hello");

        Assert.Equal("hello", (await received.Within()).GetValue<string>(0));
    }

    [Fact]
    public async Task Local_selects_only_the_sockets_of_the_callers_silo()
    {
        var room = "local-" + Guid.NewGuid().ToString("N");
        var clients = new List<(SocketIOClient.SocketIO Client, string Silo)>();
        try
        {
            // Sessions land on either silo; open clients until both hold some, and one silo holds two.
            for (var i = 0; i < 24 && (clients.Select(c => c.Silo).Distinct().Count() < 2 || clients.GroupBy(c => c.Silo).All(g => g.Count() < 2)); i++)
            {
                var client = await SioClients.ConnectAsync(cluster.Gateways[i % 3], Path, Nsp);
                await client.AskAsync("join", room);
                var sid = (await client.AskAsync("session")).GetValue<string>(0);
                clients.Add((client, (await cluster.Cluster.Client.GetGrain<IEngineIoSessionGrain>(sid).Describe().Within()).Silo));
            }

            var asker = clients.GroupBy(c => c.Silo).First(g => g.Count() >= 2).First();
            var sameSilo = clients.Where(c => c.Silo == asker.Silo).ToList();
            var otherSilo = clients.Where(c => c.Silo != asker.Silo).ToList();
            Assert.NotEmpty(otherSilo);
            var news = sameSilo.Where(c => c.Client != asker.Client).Select(c => c.Client.Next("local-news")).ToArray();
            var strays = clients.Where(c => c.Silo != asker.Silo || c.Client == asker.Client).Select(c => c.Client.Next("local-news")).ToArray();

            var here = (await asker.Client.AskAsync("local", room)).GetValue<string[]>(0);

            Assert.Equal(sameSilo.Select(c => c.Client.Id).Order(), here);
            await Task.WhenAll(news).Within();
            var flushed = otherSilo.Select(c => c.Client.Next("flush")).Append(asker.Client.Next("flush")).ToArray();
            await new SocketIoServer(cluster.Cluster.Client, Path).Of(Nsp).To(room).EmitAsync("flush").Within();
            await Task.WhenAll(flushed).Within();
            Assert.All(strays, stray => Assert.False(stray.IsCompleted));
        }
        finally
        {
            clients.ForEach(c => c.Client.Dispose());
        }
    }

    [Fact]
    public async Task A_packet_the_parser_refuses_reaches_the_error_hooks_before_the_session_closes()
    {
        using var socket = await EioHttp.ConnectAsync(A, path: Path + "/");
        await EioHttp.ReceiveAsync(socket);
        await EioHttp.SendTextAsync(socket, "40" + Nsp + ",");
        Assert.StartsWith("40" + Nsp + ",{", await EioHttp.ReceiveAsync(socket));
        await EioHttp.SendTextAsync(socket, "42" + Nsp + ",1[\"seen\"]");
        Assert.StartsWith("43" + Nsp + ",1[", await EioHttp.ReceiveAsync(socket));

        // Socket.IO packet type 9 does not exist.
        await EioHttp.SendTextAsync(socket, "49");

        var heard = await EioHttp.ReceiveAsync(socket);
        Assert.StartsWith("42" + Nsp + ",[\"error-event\",\"FormatException\",", heard);
        while (await EioHttp.ReceiveAsync(socket) is not null)
        {
        }

        Assert.Equal("parse error", socket.CloseStatusDescription);
    }
}
