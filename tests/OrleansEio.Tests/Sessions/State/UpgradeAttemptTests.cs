using OrleansEio.Sessions.State;

namespace OrleansEio.Tests.Sessions.State;

public sealed class UpgradeAttemptTests
{
    private static readonly Guid Candidate = Guid.NewGuid();
    private static readonly DateTimeOffset Deadline = DateTimeOffset.UnixEpoch.AddSeconds(10);

    [Fact]
    public void A_probe_then_an_upgrade_packet_makes_the_candidate_the_sessions_websocket()
    {
        var upgrade = new UpgradeAttempt();
        Assert.True(upgrade.Start(Candidate, Deadline));
        Assert.True(upgrade.IsCandidate(Candidate));
        Assert.True(upgrade.Probe());
        Assert.True(upgrade.IsProbed);

        Assert.True(upgrade.TryComplete(out var transport));
        Assert.Equal(ActiveTransport.WebSocket(Candidate), transport);
        Assert.False(upgrade.InProgress);
        Assert.False(upgrade.IsCandidate(Candidate));
        Assert.Equal(DateTimeOffset.MaxValue, upgrade.Deadline);
    }

    [Fact]
    public void An_upgrade_packet_before_the_probe_does_not_complete_it()
    {
        var upgrade = new UpgradeAttempt();
        upgrade.Start(Candidate, Deadline);
        Assert.False(upgrade.TryComplete(out _));
        Assert.True(upgrade.InProgress);
    }

    [Fact]
    public void The_probe_reply_is_handed_out_once()
    {
        var upgrade = new UpgradeAttempt();
        upgrade.Start(Candidate, Deadline);
        Assert.False(upgrade.TakeProbeReply());
        upgrade.Probe();
        Assert.True(upgrade.TakeProbeReply());
        Assert.False(upgrade.TakeProbeReply());
    }

    [Fact]
    public void A_second_probe_or_a_second_attempt_is_refused()
    {
        var upgrade = new UpgradeAttempt();
        upgrade.Start(Candidate, Deadline);
        Assert.False(upgrade.Start(Guid.NewGuid(), Deadline));
        Assert.True(upgrade.Probe());
        Assert.False(upgrade.Probe());
    }

    [Fact]
    public void Cancelling_forgets_the_candidate_its_pending_reply_and_its_deadline()
    {
        var upgrade = new UpgradeAttempt();
        upgrade.Start(Candidate, Deadline);
        upgrade.Probe();

        Assert.True(upgrade.Cancel());
        Assert.False(upgrade.IsCandidate(Candidate));
        Assert.False(upgrade.TakeProbeReply());
        Assert.Equal(DateTimeOffset.MaxValue, upgrade.Deadline);
        Assert.False(upgrade.Cancel());
        Assert.True(upgrade.Start(Guid.NewGuid(), Deadline));
    }
}
