using OrleansEio.Sessions.State;

namespace OrleansEio.Tests.Sessions.State;

public sealed class HeartbeatTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch;

    private static Heartbeat Started()
    {
        var heartbeat = new Heartbeat(Interval, Timeout);
        heartbeat.Start(Start);
        return heartbeat;
    }

    [Fact]
    public void The_first_ping_is_due_one_interval_after_the_start()
    {
        var heartbeat = Started();
        Assert.False(heartbeat.PingDue(Start + Interval - TimeSpan.FromTicks(1)));
        Assert.True(heartbeat.PingDue(Start + Interval));
        Assert.Equal(Start + Interval, heartbeat.NextDue);
    }

    [Fact]
    public void The_pong_window_opens_when_the_ping_was_due_not_when_the_timer_fired()
    {
        var heartbeat = Started();
        heartbeat.PingQueued(position: 1);

        Assert.Equal(Start + Interval + Timeout, heartbeat.NextDue);
        Assert.False(heartbeat.TimedOut(Start + Interval + Timeout - TimeSpan.FromTicks(1)));
        Assert.True(heartbeat.TimedOut(Start + Interval + Timeout));
    }

    [Fact]
    public void A_pong_for_a_ping_the_client_was_handed_resets_the_schedule()
    {
        var heartbeat = Started();
        heartbeat.PingQueued(position: 3);
        var now = Start + Interval + TimeSpan.FromSeconds(1);

        Assert.True(heartbeat.Pong(taken: 3, now));
        Assert.False(heartbeat.AwaitsPong);
        Assert.Equal(now + Interval, heartbeat.NextDue);
    }

    [Fact]
    public void An_unsolicited_pong_changes_nothing()
    {
        var heartbeat = Started();
        Assert.False(heartbeat.Pong(taken: 10, Start + TimeSpan.FromSeconds(5)));
        Assert.Equal(Start + Interval, heartbeat.NextDue);
    }

    [Fact]
    public void A_pong_before_the_client_could_have_seen_the_ping_does_not_count()
    {
        // The ping is the 7th packet queued, but transports have handed out only 6: the client never read it.
        var heartbeat = Started();
        heartbeat.PingQueued(position: 7);

        Assert.False(heartbeat.Pong(taken: 6, Start + Interval));
        Assert.True(heartbeat.AwaitsPong);
        Assert.True(heartbeat.TimedOut(Start + Interval + Timeout));
    }

    [Fact]
    public void A_stopped_heartbeat_is_never_due()
    {
        var heartbeat = Started();
        heartbeat.Stop();
        Assert.Equal(DateTimeOffset.MaxValue, heartbeat.NextDue);
        Assert.False(heartbeat.PingDue(DateTimeOffset.MaxValue.AddTicks(-1)));
    }
}
