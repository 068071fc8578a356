using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// Per-session budgets of the Socket.IO server (docs/security.md), each at its limit, with a client driving the
/// session grain directly on the fake clock: <see cref="BudgetApp.Options"/> sets 2 namespaces, 2 handlers at once,
/// 8 pending packets or 4096 bytes, 3 rooms of at most 16 chars, 2 pending acks, a 5 s connect timeout.
/// </summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class SocketIoBudgetTests(FakeClockCluster cluster)
{
    private static string Event(string name, object? arg, int? ackId = null)
        => "2" + ackId + "[\"" + name + "\"," + System.Text.Json.JsonSerializer.Serialize(arg) + "]";

    [Fact]
    public async Task Events_sent_before_the_connect_ack_is_collected_are_held_up_to_MaxPendingEvents_and_one_more_closes_the_session()
    {
        var session = await SioGrainSession.OpenAsync(cluster);
        await session.PostAsync("0/dyn-1,");
        await Eventually.True(async () => (await session.Grain.Describe()).Buffered == 1, because: "the CONNECT ack is queued (the connect runs after the POST returns)");

        // The client never GETs: its CONNECT ack is never collected, so the connection handlers never start.
        await session.PostAsync(Enumerable.Range(0, 8).Select(i => "2/dyn-1," + i + "[\"echo\"," + i + "]").ToArray());
        Assert.Equal("Open", await session.StateAsync());
        await session.PostAsync("2/dyn-1,8[\"echo\",8]");

        Assert.Equal("Closing", await session.StateAsync());
        var delivered = await session.PollAsync();
        Assert.StartsWith("0/dyn-1,{\"sid\":", delivered[0]);
        Assert.Equal(["close"], delivered[1..]);
    }

    [Fact]
    public async Task Events_held_before_the_handlers_start_are_bounded_in_bytes_too()
    {
        var session = await SioGrainSession.OpenAsync(cluster);
        await session.PostAsync("0/dyn-1,");
        await Eventually.True(async () => (await session.Grain.Describe()).Buffered == 1, because: "the CONNECT ack is queued (the connect runs after the POST returns)");
        var large = new string('x', 3000);

        await session.PostAsync("2/dyn-1,[\"echo\",\"" + large + "\"]");
        Assert.Equal("Open", await session.StateAsync());
        await session.PostAsync("2/dyn-1,[\"echo\",\"" + large + "\"]");

        Assert.Equal("Closing", await session.StateAsync());
    }

    [Fact]
    public async Task A_connect_ack_not_collected_within_the_connect_timeout_closes_the_session_instead_of_waiting_forever()
    {
        var session = await SioGrainSession.OpenAsync(cluster);
        await session.PostAsync("0/dyn-1,", "2/dyn-1,1[\"echo\",1]");
        await Eventually.True(async () => (await session.Grain.Describe()).Buffered == 1, because: "the CONNECT ack is queued");

        cluster.Clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal("Open", await session.StateAsync());
        cluster.Clock.Advance(TimeSpan.FromMilliseconds(1));

        await Eventually.True(async () => await session.StateAsync() != "Open");
        var delivered = await session.PollAsync();
        Assert.StartsWith("0/dyn-1,{\"sid\":", delivered[0]);
        Assert.Equal(["close"], delivered[1..]);
    }

    [Fact]
    public async Task Handlers_beyond_MaxConcurrentHandlers_wait_in_arrival_order_and_start_as_slots_free()
    {
        var session = await SioGrainSession.ConnectAsync(cluster);
        var started = BudgetApp.Started.GetOrAdd(session.Sid, _ => new());

        await session.PostAsync(Event("hold", "a", 1), Event("hold", "b", 2), Event("hold", "c", 3), Event("echo", "d", 4));
        Assert.Equal(["a", "b"], started);

        BudgetApp.Gate(session.Sid, "a").SetResult();
        Assert.Equal(["31[\"a\"]"], await session.PollAsync());
        await Eventually.True(() => Task.FromResult(started.Count == 3));
        Assert.Equal(["a", "b", "c"], started);

        // The echo waits behind c although it would not block: arrival order is kept.
        BudgetApp.Gate(session.Sid, "b").SetResult();
        Assert.Equal(["32[\"b\"]"], await session.PollUntilAsync("34[\"d\"]"));
        BudgetApp.Gate(session.Sid, "c").SetResult();
        Assert.Equal(["33[\"c\"]"], await session.PollAsync());
    }

    [Fact]
    public async Task Packets_waiting_for_a_handler_slot_count_against_MaxPendingEvents_and_one_more_closes_the_session()
    {
        var session = await SioGrainSession.ConnectAsync(cluster);
        await session.PostAsync(Event("hold", "a"), Event("hold", "b"));

        await session.PostAsync(Enumerable.Range(0, 8).Select(i => Event("echo", i, i)).ToArray());
        Assert.Equal("Open", await session.StateAsync());
        await session.PostAsync(Event("echo", 8, 8));

        Assert.Equal(["close"], await session.PollAsync());
        await Eventually.True(() => Task.FromResult(BudgetApp.Disconnects.TryGetValue(session.Sid, out var reason) && reason == "too many pending events"));
        BudgetApp.Gate(session.Sid, "a").SetResult();
        BudgetApp.Gate(session.Sid, "b").SetResult();
    }

    [Fact]
    public async Task A_clients_ack_reaches_its_handler_even_when_every_slot_is_taken_by_handlers_awaiting_acks()
    {
        var session = await SioGrainSession.ConnectAsync(cluster);

        await session.PostAsync(Event("ask-client", 42, 1), Event("ask-client", 43, 2), Event("echo", "after", 3));
        Assert.Equal(["20[\"question\",42]", "21[\"question\",43]"], await session.PollAsync());
        await session.PostAsync("30[\"a\"]", "31[\"b\"]");

        var answers = new List<string>();
        while (answers.Count < 3)
        {
            answers.AddRange(await session.PollAsync());
        }

        Assert.Equal(["31[\"a\"]", "32[\"b\"]", "33[\"after\"]"], answers.Order());
    }

    [Fact]
    public async Task A_socket_joins_at_most_MaxRoomsPerSocket_rooms_and_the_next_join_fails_only_its_handler()
    {
        var session = await SioGrainSession.ConnectAsync(cluster);

        await session.PostAsync(Event("join", "r1", 1), Event("join", "r2", 2), Event("join", "r3", 3), Event("join", "r4", 4), Event("rooms", null, 5));

        Assert.Equal(["31[true]", "32[true]", "33[true]"], await session.PollUntilAsync("35[4]"));
        Assert.Equal("Open", await session.StateAsync());
    }

    [Fact]
    public async Task A_socket_awaits_at_most_MaxPendingAcks_acks_and_the_next_emit_with_ack_throws_at_the_call()
    {
        var session = await SioGrainSession.ConnectAsync(cluster);

        await session.PostAsync(Event("ask-many", 3, 1));

        Assert.Equal(["20[\"question\"]", "21[\"question\"]"], await session.PollUntilAsync("31[2,1]"));
    }

    [Fact]
    public async Task A_session_connects_at_most_MaxNamespacesPerSession_namespaces_and_the_next_gets_connect_error()
    {
        var session = await SioGrainSession.ConnectAsync(cluster);
        await session.PostAsync("0/dyn-1,");
        Assert.StartsWith("0/dyn-1,{\"sid\":", Assert.Single(await session.PollAsync()));

        await session.PostAsync("0/dyn-2,");
        Assert.Equal(["4/dyn-2,{\"message\":\"Too many namespaces\"}"], await session.PollAsync());

        // Leaving one namespace makes room for another.
        await session.PostAsync("1/dyn-1,", "0/dyn-2,");
        Assert.StartsWith("0/dyn-2,{\"sid\":", Assert.Single(await session.PollAsync()));
    }

    [Fact]
    public async Task Several_connects_for_one_namespace_run_the_middleware_once_and_register_one_socket()
    {
        var session = await SioGrainSession.OpenAsync(cluster);

        await session.PostAsync("0", "0", "0");
        Assert.StartsWith("0{\"sid\":", Assert.Single(await session.PollAsync()));
        await session.DrainAsync();
        await session.PostAsync("0", Event("echo", "x", 1));

        Assert.Empty(await session.PollUntilAsync("31[\"x\"]"));
        Assert.Equal(1, BudgetApp.MiddlewareRuns[session.Sid]);
    }

    [Fact]
    public async Task A_middleware_that_never_calls_next_connects_nothing_and_the_connect_timeout_closes_the_session()
    {
        var session = await SioGrainSession.OpenAsync(cluster);

        await session.PostAsync("0/no-next,");
        Assert.Equal("Open", await session.StateAsync());
        cluster.Clock.Advance(TimeSpan.FromSeconds(5));

        await Eventually.True(async () => await session.StateAsync() != "Open");
        Assert.Equal(["close"], await session.PollAsync());
    }

    [Fact]
    public async Task A_middleware_exception_other_than_a_refusal_reaches_the_client_as_a_fixed_message()
    {
        var session = await SioGrainSession.OpenAsync(cluster);

        await session.PostAsync("0/mw-throw,");

        Assert.Equal(["4/mw-throw,{\"message\":\"Internal server error\"}"], await session.PollAsync());
    }

    [Fact]
    public async Task Rooms_joined_in_a_middleware_are_routed_once_the_socket_is_accepted_and_it_is_not_connected_before()
    {
        var session = await SioGrainSession.OpenAsync(cluster);
        await session.PostAsync("0/mw-join,");
        Assert.StartsWith("0/mw-join,{\"sid\":", Assert.Single(await session.PollAsync()));
        await session.DrainAsync();

        await session.PostAsync("2/mw-join,1[\"rooms\"]", "2/mw-join,2[\"data\",\"connected in middleware\"]");
        Assert.Equal(["3/mw-join,1[2]", "3/mw-join,2[false]"], await session.PollAsync());
        await new OrleansEio.SocketIo.SocketIoServer(cluster.Grains, BudgetApp.Path).Of("/mw-join").To("vip").EmitAsync("news").Within();

        Assert.Equal(["2/mw-join,[\"news\"]"], await session.PollAsync());
    }
}
