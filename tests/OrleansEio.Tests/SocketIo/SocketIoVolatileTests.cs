using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// <c>socket.Volatile.Emit</c> with the client driving the session grain directly, so each test decides whether the
/// transport is waiting for packets when the emit happens: a pending GET, a waiting WebSocket pull, or neither.
/// The handler of <c>volatile</c> (<see cref="BudgetApp"/>) emits <c>v</c> volatile, then acks.
/// </summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class SocketIoVolatileTests(FakeClockCluster cluster)
{
    [Fact]
    public async Task A_volatile_emit_goes_to_a_pending_poll_and_is_dropped_when_no_poll_is_pending()
    {
        // Connected, with the next GET left pending.
        var session = await SioGrainSession.ConnectAsync(cluster);

        await session.PostAsync("21[\"volatile\",1]");
        Assert.Equal(["2[\"v\",1]", "31[true]"], await session.PollAsync());

        // The client has its answer and has not come back yet: no GET is pending.
        await session.PostAsync("22[\"volatile\",2]");
        Assert.Equal(["32[true]"], await session.PollAsync());
    }

    [Fact]
    public async Task A_volatile_broadcast_goes_to_a_pending_poll_and_is_dropped_when_no_poll_is_pending()
    {
        var session = await SioGrainSession.ConnectAsync(cluster);
        var room = Guid.NewGuid().ToString("N")[..16];

        // A GET is pending when the broadcast arrives (no ack asked, so nothing else is queued before it).
        await session.PostAsync($"2[\"volatile-broadcast\",\"{room}\",1]");
        Assert.Equal(["2[\"vb\",1]"], await session.PollUntilAsync("2[\"after\",1]"));

        // No GET is pending. The marker follows the volatile one, so once the marker and the ack are queued the
        // session has judged the volatile one.
        await session.PostAsync($"21[\"volatile-broadcast\",\"{room}\",2]");
        await Eventually.True(async () => (await session.Grain.Describe()).Buffered >= 2);
        Assert.Equal(["2[\"after\",2]", "31[true]"], (await session.PollAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_volatile_emit_goes_to_a_waiting_websocket_pull_and_is_dropped_when_none_waits()
    {
        var sid = Guid.NewGuid().ToString("N");
        var socket = Guid.NewGuid();
        var grain = cluster.Grains.GetGrain<IEngineIoSessionGrain>(sid);
        var handshake = new EngineIoHandshake(BudgetApp.Path, [], [], "127.0.0.1", false, cluster.Clock.GetUtcNow());
        Assert.Null((await grain.Open(new OpenRequest(BudgetApp.Path, socket, handshake)).Within()).Error);
        Assert.True(await grain.Receive(socket, [EnginePacket.Message("0")]).Within());
        Assert.StartsWith("0{\"sid\":", Assert.Single(Texts(await grain.Pull(socket).Within())));

        // The gateway comes back for more: the CONNECT ack counts as written (the handlers start) and a pull waits.
        var waiting = grain.Pull(socket);
        await Eventually.True(async () => (await grain.Describe()).WaitingCalls == 1);
        Assert.True(await grain.Receive(socket, [EnginePacket.Message("21[\"volatile\",1]")]).Within());
        Assert.Equal(["2[\"v\",1]", "31[true]"], Texts(await waiting.Within()));

        // The gateway is writing those frames and has not pulled again.
        Assert.True(await grain.Receive(socket, [EnginePacket.Message("22[\"volatile\",2]")]).Within());
        Assert.Equal(["32[true]"], Texts(await grain.Pull(socket).Within()));
    }

    private static string[] Texts(PullResult result) => result.Packets.Select(p => p.Text!).ToArray();
}
