using OrleansEio.Diagnostics;

namespace OrleansEio.Tests.Diagnostics;

public sealed class FailureLogTests
{
    [Fact]
    public void Only_the_first_failure_of_a_kind_is_to_be_logged_and_every_one_is_counted()
    {
        var log = new FailureLog();

        Assert.True(log.First("join: ArgumentException"));
        Assert.False(log.First("join: ArgumentException"));
        Assert.False(log.First("join: ArgumentException"));
        Assert.True(log.First("broadcast: ArgumentException"));

        Assert.Equal([("join: ArgumentException", 3)], log.Repeated());
    }

    [Fact]
    public void A_client_inventing_new_kinds_fills_one_shared_bucket_after_the_first_ones()
    {
        var log = new FailureLog();

        var logged = Enumerable.Range(0, 1000).Count(i => log.First("event-" + i));

        Assert.Equal(FailureLog.MaxKinds + 1, logged);
        Assert.Equal(1000 - FailureLog.MaxKinds, log.CountOf(FailureLog.OtherKinds));
    }
}
