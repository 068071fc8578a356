using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions.State;

namespace OrleansEio.Tests.Sessions.State;

public sealed class PendingPollTests
{
    private static readonly Guid First = Guid.NewGuid();
    private static readonly Guid Second = Guid.NewGuid();

    [Fact]
    public void A_held_slot_knows_its_get_and_any_other_get_is_another()
    {
        var poll = new PendingPoll();
        poll.Hold(First, holder: null);

        Assert.True(poll.IsPending);
        Assert.True(poll.IsHeldBy(First));
        Assert.True(poll.IsHeldByAnother(Second));
        Assert.False(poll.IsHeldByAnother(First));
    }

    [Fact]
    public void Ending_another_get_leaves_the_slot_held()
    {
        var poll = new PendingPoll();
        poll.Hold(First, holder: null);
        poll.End(Second);
        Assert.True(poll.IsHeldBy(First));
        poll.End(First);
        Assert.False(poll.IsPending);
    }

    [Fact]
    public void A_released_get_is_answered_once_even_when_it_arrives_after_the_release()
    {
        var poll = new PendingPoll();
        poll.Release(First);
        poll.Hold(First, holder: null);

        Assert.True(poll.TakeRelease(First));
        Assert.False(poll.IsPending);
        Assert.False(poll.TakeRelease(First));
    }

    [Fact]
    public void The_get_pending_at_the_close_is_owed_its_last_packet_once()
    {
        var poll = new PendingPoll();
        poll.Hold(First, holder: null);
        poll.Finish(EnginePacket.Close);

        Assert.False(poll.IsPending);
        Assert.False(poll.TryTakeFinal(Second, out _));
        Assert.True(poll.TryTakeFinal(First, out var last));
        Assert.Equal(EnginePacket.Close, last);
        Assert.False(poll.TryTakeFinal(First, out _));
    }

    [Fact]
    public void Nothing_is_owed_when_no_get_was_pending_at_the_close()
    {
        var poll = new PendingPoll();
        poll.Finish(EnginePacket.Noop);
        Assert.False(poll.TryTakeFinal(First, out _));
    }

    [Fact]
    public void A_suspect_get_is_cleared_only_by_its_own_check()
    {
        var poll = new PendingPoll();
        poll.Hold(First, holder: null);
        var suspect = poll.Suspect();
        Assert.True(poll.IsSuspect(First));
        poll.Clear(Second);
        Assert.True(poll.IsSuspect(First));
        poll.Clear(suspect);
        Assert.False(poll.IsSuspect(First));
    }
}
