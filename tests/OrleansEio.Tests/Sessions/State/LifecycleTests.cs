using OrleansEio.Sessions.State;

namespace OrleansEio.Tests.Sessions.State;

public sealed class LifecycleTests
{
    private static readonly DateTimeOffset Deadline = DateTimeOffset.UnixEpoch.AddMinutes(1);

    [Fact]
    public void A_new_session_is_not_live_and_cannot_close()
    {
        var life = new Lifecycle();
        Assert.True(life.IsNew);
        Assert.False(life.IsLive);
        Assert.False(life.Close("ping timeout"));
        Assert.False(life.BeginClosing("forced close", Deadline));
    }

    [Fact]
    public void A_session_opens_once()
    {
        var life = new Lifecycle();
        Assert.True(life.Open());
        Assert.False(life.Open());
        Assert.True(life.IsOpen);
    }

    [Fact]
    public void A_server_close_keeps_the_session_live_until_it_is_closed_with_its_reason()
    {
        var life = new Lifecycle();
        life.Open();

        Assert.True(life.BeginClosing("server shutting down", Deadline));
        Assert.True(life.IsClosing);
        Assert.True(life.IsLive);
        Assert.Equal(Deadline, life.ClosingDeadline);
        Assert.False(life.BeginClosing("forced close", Deadline));

        Assert.True(life.Close(life.ServerCloseReason));
        Assert.Equal("server shutting down", life.CloseReason);
        Assert.Equal(DateTimeOffset.MaxValue, life.ClosingDeadline);
    }

    [Fact]
    public void A_closed_session_keeps_its_first_reason()
    {
        var life = new Lifecycle();
        life.Open();
        Assert.True(life.Close("transport close"));
        Assert.False(life.Close("ping timeout"));
        Assert.Equal("transport close", life.CloseReason);
        Assert.False(life.IsLive);
    }
}
