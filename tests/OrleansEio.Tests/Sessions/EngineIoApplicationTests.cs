using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Sessions;

[Collection(FakeClockClusterCollection.Name)]
public class EngineIoApplicationTests(FakeClockCluster cluster)
{
    private async Task<(string Sid, IEngineIoSessionGrain Session)> OpenAsync(string name)
    {
        var sid = Guid.NewGuid().ToString("N");
        var session = cluster.Grains.GetGrain<IEngineIoSessionGrain>(sid);
        var handshake = new EngineIoHandshake(ProbeApplication.Path, new() { ["name"] = name }, [], null, false, cluster.Clock.GetUtcNow());
        Assert.Null((await session.Open(new OpenRequest(ProbeApplication.Path, Guid.Empty, handshake)).Within()).Error);
        return (sid, session);
    }

    private static string[] EventsOf(string sid) => ProbeApplication.Events.TryGetValue(sid, out var events) ? [.. events] : [];

    [Fact]
    public async Task The_application_sees_open_with_the_handshake_and_what_it_sends_reaches_the_client()
    {
        var (sid, session) = await OpenAsync("ada");

        Assert.Equal(["open:polling"], EventsOf(sid));
        Assert.Equal([EnginePacket.Message("welcome ada")], (await session.Poll(Guid.NewGuid()).Within()).Packets);
    }

    [Fact]
    public async Task The_application_gets_every_message_in_order_text_and_binary()
    {
        var (sid, session) = await OpenAsync("bob");

        await session.Post([EnginePacket.Message("one"), EnginePacket.Message(new byte[] { 7, 8 }), EnginePacket.Message("three")]).Within();

        Assert.Equal(["open:polling", "message:one", "message:<2 bytes>", "message:three"], EventsOf(sid));
    }

    [Fact]
    public async Task Messages_sent_from_anywhere_in_the_cluster_reach_the_session()
    {
        var (sid, session) = await OpenAsync("cy");
        var sessions = new EngineIoSessions(cluster.Grains);
        await session.Poll(Guid.NewGuid()).Within();

        Assert.True(await sessions.SendAsync(sid, "from a controller", new byte[] { 1 }).Within());
        Assert.False(await sessions.SendAsync("no-such-sid", "lost").Within());

        Assert.Equal([EnginePacket.Message("from a controller"), EnginePacket.Message(new byte[] { 1 })], (await session.Poll(Guid.NewGuid()).Within()).Packets);
    }

    [Fact]
    public async Task An_application_that_closes_the_session_delivers_its_queue_first_and_hears_the_close()
    {
        var (sid, session) = await OpenAsync("dee");

        await session.Post([EnginePacket.Message("close me")]).Within();

        Assert.Equal([EnginePacket.Message("welcome dee"), EnginePacket.Close], (await session.Poll(Guid.NewGuid()).Within()).Packets);
        await Eventually.True(() => Task.FromResult(EventsOf(sid).Contains("close:forced close")));
    }

    [Fact]
    public async Task The_application_hears_why_a_session_ended()
    {
        var (sid, session) = await OpenAsync("eve");

        cluster.Clock.Advance(TimeSpan.FromSeconds(45));
        await session.Post([]).Within();

        await Eventually.True(() => Task.FromResult(EventsOf(sid).Contains("close:ping timeout")));
    }

    [Fact]
    public async Task Drain_completes_when_the_transport_comes_back_after_writing_what_it_took()
    {
        var (sid, session) = await OpenAsync("fay");
        Assert.Equal([EnginePacket.Message("welcome fay")], (await session.Poll(Guid.NewGuid()).Within()).Packets);

        await session.Post([EnginePacket.Message("drain then reply")]).Within();

        Assert.Equal([EnginePacket.Message("before drain")], (await session.Poll(Guid.NewGuid()).Within()).Packets);
        Assert.DoesNotContain("drained", EventsOf(sid));
        Assert.Equal([EnginePacket.Message("after drain")], (await session.Poll(Guid.NewGuid()).Within()).Packets);
    }

    [Fact]
    public async Task Drain_waits_for_every_packet_queued_before_it_when_a_poll_answer_carries_only_part_of_the_queue()
    {
        var (sid, session) = await OpenAsync("hal");
        Assert.Equal([EnginePacket.Message("welcome hal")], (await session.Poll(Guid.NewGuid()).Within()).Packets);
        var large = EngineIoMessage.FromText(new string('x', 400_000));
        Assert.True(await session.Send([large, large, large]).Within());

        await session.Post([EnginePacket.Message("drain then reply")]).Within();

        // One answer carries at most MaxHttpBufferSize (1,000,000) bytes: two of the large messages, then the rest.
        Assert.Equal(2, (await session.Poll(Guid.NewGuid()).Within()).Packets.Length);
        Assert.Equal(EnginePacket.Message("before drain"), (await session.Poll(Guid.NewGuid()).Within()).Packets[^1]);
        Assert.DoesNotContain("drained", EventsOf(sid));
        Assert.Equal([EnginePacket.Message("after drain")], (await session.Poll(Guid.NewGuid()).Within()).Packets);
    }

    [Fact]
    public async Task Drain_completes_when_an_upgrade_replaces_the_transport_that_took_the_packets()
    {
        var (sid, session) = await OpenAsync("gus");
        var socket = Guid.NewGuid();
        await session.Poll(Guid.NewGuid()).Within();
        await session.Post([EnginePacket.Message("drain then reply")]).Within();
        Assert.Equal([EnginePacket.Message("before drain")], (await session.Poll(Guid.NewGuid()).Within()).Packets);
        Assert.Null(await session.BeginUpgrade(socket).Within());
        await session.Receive(socket, [EnginePacket.PingProbe]).Within();
        await session.Pull(socket).Within();
        var waiting = session.Pull(socket);
        await Eventually.True(async () => (await session.Describe()).WaitingCalls == 1);

        await session.Receive(socket, [EnginePacket.Upgrade]).Within();

        // Well under the grain's 10 s bounded wait: the pull that was already waiting gets the reply.
        Assert.Equal([EnginePacket.Message("after drain")], (await waiting.Within(TimeSpan.FromSeconds(5))).Packets);
    }
}
