using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansEio.Diagnostics;
using OrleansEio.Gateway.EngineIo;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>One policy, one number: every call a transport makes to its session is sent again by the same rules.</summary>
public sealed class SessionCallPolicyTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly SessionCallPolicy _policy;

    public SessionCallPolicyTests()
    {
        _services = new ServiceCollection()
            .AddMetrics()
            .AddOptions()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<EngineIoMetrics>()
            .AddSingleton(sp => new GatewayNode(grains: null!, sp.GetRequiredService<IConfiguration>()))
            .AddSingleton<GatewayMetrics>()
            .AddSingleton<SiloLossWatch>()
            .AddSingleton<SessionCallPolicy>()
            .BuildServiceProvider();
        _policy = _services.GetRequiredService<SessionCallPolicy>();
    }

    public void Dispose() => _services.Dispose();

    public static TheoryData<string> Calls => [.. Enum.GetNames<SessionCall>()];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_call_lost_in_the_cluster_every_time_is_sent_again_as_often_whatever_the_call(string call)
    {
        var kind = Enum.Parse<SessionCall>(call);
        var attempts = 0;
        using var metrics = new MeterProbe(_services, GatewayMetrics.MeterName);

        await Assert.ThrowsAsync<OrleansException>(() => _policy.SendAsync<bool>(kind, "sid", () =>
        {
            attempts++;
            return Task.FromException<bool>(attempts % 2 == 0 ? new OrleansException("lost") : new TimeoutException("no answer"));
        })).Within();

        Assert.Equal(1 + SessionCallPolicy.MaxReissues, attempts);
        Assert.Equal(SessionCallPolicy.MaxReissues, metrics.Observe("orleanseio.gateway.reissued_waits"));
    }

    [Fact]
    public async Task A_call_that_is_answered_after_failures_returns_the_answer()
    {
        var attempts = 0;
        var answer = await _policy.SendAsync(SessionCall.Post, "sid", () => ++attempts <= SessionCallPolicy.MaxReissues
            ? Task.FromException<string>(new OrleansException("lost"))
            : Task.FromResult("applied")).Within();

        Assert.Equal("applied", answer);
    }

    [Fact]
    public async Task A_failure_that_is_not_a_lost_call_is_the_callers_at_once()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => _policy.SendAsync<bool>(SessionCall.Receive, "sid", () =>
        {
            attempts++;
            return Task.FromException<bool>(new InvalidOperationException("a bug, not a lost call"));
        })).Within();

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_call_out_when_a_silo_leaves_is_sent_again_without_counting_as_a_failure()
    {
        var calls = new List<TaskCompletionSource<int>>();
        var sent = _policy.SendAsync(SessionCall.Pull, "sid", () =>
        {
            var call = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (calls)
            {
                calls.Add(call);
            }

            // After the silo loss, the lost-call failures still get all their resends.
            return calls.Count is > 1 and <= 1 + SessionCallPolicy.MaxReissues ? Task.FromException<int>(new OrleansException("lost")) : call.Task;
        });

        _services.GetRequiredService<SiloLossWatch>().Lost(1);
        await Eventually.True(() => Task.FromResult(calls.Count == 2 + SessionCallPolicy.MaxReissues));
        calls[^1].SetResult(42);

        Assert.Equal(42, await sent.Within());
    }

    [Fact]
    public async Task A_call_whose_caller_gives_up_is_abandoned_and_not_sent_again()
    {
        var attempts = 0;
        using var giveUp = new CancellationTokenSource();
        var sent = _policy.SendAsync(SessionCall.Poll, "sid", () =>
        {
            attempts++;
            return new TaskCompletionSource<int>().Task;
        }, giveUp.Token);

        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sent).Within();
        Assert.Equal(1, attempts);
    }
}
