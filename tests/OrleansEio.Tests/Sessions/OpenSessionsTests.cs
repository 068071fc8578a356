using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansEio.Sessions;

namespace OrleansEio.Tests.Sessions;

/// <summary>The open-session budgets of one silo, in total and per client address.</summary>
public sealed class OpenSessionsTests
{
    private static OpenSessions Budget(int total, int perAddress)
        => new(Options.Create(new EngineIoOptions { MaxOpenSessions = total, MaxOpenSessionsPerAddress = perAddress }), NullLogger<OpenSessions>.Instance);

    [Fact]
    public void An_address_gets_at_most_its_budget_and_others_are_not_affected()
    {
        var budget = Budget(total: 10, perAddress: 2);

        Assert.NotNull(budget.TryOpen("203.0.113.1"));
        Assert.NotNull(budget.TryOpen("203.0.113.1"));
        Assert.Null(budget.TryOpen("203.0.113.1"));
        Assert.NotNull(budget.TryOpen("203.0.113.2"));
        Assert.Equal(3, budget.Count);
    }

    [Fact]
    public void The_total_budget_holds_across_addresses()
    {
        var budget = Budget(total: 2, perAddress: 2);

        Assert.NotNull(budget.TryOpen("203.0.113.1"));
        Assert.NotNull(budget.TryOpen("203.0.113.2"));
        Assert.Null(budget.TryOpen("203.0.113.3"));
    }

    [Fact]
    public void A_released_lease_frees_its_place_once_however_often_it_is_released()
    {
        var budget = Budget(total: 10, perAddress: 1);
        var lease = budget.TryOpen("203.0.113.1")!;

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(0, budget.Count);
        Assert.NotNull(budget.TryOpen("203.0.113.1"));
        Assert.Null(budget.TryOpen("203.0.113.1"));
    }

    [Fact]
    public void A_session_arriving_from_another_silo_is_never_refused()
    {
        var budget = Budget(total: 1, perAddress: 1);
        budget.TryOpen("203.0.113.1");

        budget.Arrive("203.0.113.1");

        Assert.Equal(2, budget.Count);
        Assert.Null(budget.TryOpen("203.0.113.2"));
    }

    [Fact]
    public void Addresses_of_one_ipv6_64_share_a_budget_and_ipv4_mapped_addresses_count_as_ipv4()
    {
        var budget = Budget(total: 10, perAddress: 1);

        Assert.NotNull(budget.TryOpen("2001:db8:1:2::1"));
        Assert.Null(budget.TryOpen("2001:db8:1:2:ffff::9"));
        Assert.NotNull(budget.TryOpen("2001:db8:1:3::1"));
        Assert.NotNull(budget.TryOpen("198.51.100.4"));
        Assert.Null(budget.TryOpen("::ffff:198.51.100.4"));
    }
}
