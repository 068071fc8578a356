using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrleansEio.SocketIo;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// The ordered way from a namespace's sequencer to one silo: one delivery in flight, later broadcasts batched behind
/// it, a delivery whose answer was lost sent again with its number, a silo dropped only on proof that it is gone.
/// </summary>
public sealed class RouterLinkTests
{
    private static readonly SiloAddress Silo = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

    private static SequencedBatch Batch(string name) => new([new SequencedBroadcast(SocketIoOffset.None, new RoomFilter([], []), [EngineIoMessage.FromText($"2[\"{name}\"]")])]);

    private static RouterLink Link(FakeRouter router, TimeProvider clock, SiloStatus status = SiloStatus.Active)
        => new(Silo, router, new SocketIoNamespaceKey("/socket.io", "/"), Guid.NewGuid(), _ => status, clock, NullLogger.Instance);

    [Fact]
    public async Task Broadcasts_queued_while_a_delivery_is_in_flight_leave_together_in_order_in_the_next_numbered_delivery()
    {
        var router = new FakeRouter();
        var link = Link(router, TimeProvider.System);
        var first = Batch("a");
        var second = Batch("b");
        var third = Batch("c");
        foreach (var batch in new[] { first, second, third })
        {
            batch.SentTo(1);
        }

        link.Enqueue(first);
        link.Enqueue(second);
        link.Enqueue(third);
        router.Release();
        await Task.WhenAll(first.Done, second.Done, third.Done).Within();

        Assert.Equal([1L, 2L], router.Deliveries.Select(d => d.Sequence));
        Assert.Equal(["2[\"a\"]"], router.Deliveries[0].Broadcasts.Select(b => b.Messages[0].Text));
        Assert.Equal(["2[\"b\"]", "2[\"c\"]"], router.Deliveries[1].Broadcasts.Select(b => b.Messages[0].Text));
    }

    [Fact]
    public async Task A_live_silo_that_fails_a_delivery_gets_the_same_delivery_again_and_the_emit_completes()
    {
        var clock = new FakeTimeProvider();
        var router = new FakeRouter(fail: call => call == 1 ? new TimeoutException("answer lost") : null);
        var link = Link(router, clock);
        var batch = Batch("a");
        batch.SentTo(1);

        link.Enqueue(batch);
        router.Release();
        await Eventually.True(() => Task.FromResult(router.Calls == 1));
        Assert.False(batch.Done.IsCompleted);
        await Eventually.True(() => Task.FromResult(Advanced(clock, TimeSpan.FromSeconds(1), batch.Done)));
        await batch.Done.Within();

        Assert.Equal([1L, 1L], router.Deliveries.Select(d => d.Sequence));
        Assert.False(link.Gone);
    }

    [Fact]
    public async Task A_silo_failing_as_dead_silos_fail_is_gone_and_what_was_meant_for_it_is_confirmed_without_a_call()
    {
        var router = new FakeRouter(fail: _ => new SiloUnavailableException("the silo is gone"));
        var link = Link(router, TimeProvider.System);
        var first = Batch("a");
        var second = Batch("b");
        first.SentTo(1);
        second.SentTo(1);

        link.Enqueue(first);
        router.Release();
        await first.Done.Within();
        await Eventually.True(() => Task.FromResult(!link.Sending));
        link.Enqueue(second);
        await second.Done.Within();

        Assert.True(link.Gone);
        Assert.Equal(1, router.Calls);
    }

    [Fact]
    public async Task A_live_silo_failing_past_the_retry_bound_fails_the_emits_that_waited_for_it_and_the_next_ones_go_on()
    {
        var clock = new FakeTimeProvider();
        var failing = true;
        var router = new FakeRouter(fail: _ => Volatile.Read(ref failing) ? new InvalidOperationException("broken") : null);
        var link = Link(router, clock);
        var failed = Batch("a");
        failed.SentTo(1);

        link.Enqueue(failed);
        router.Release();
        await Eventually.True(() => Task.FromResult(Advanced(clock, TimeSpan.FromSeconds(5), failed.Done)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => failed.Done.Within());
        Volatile.Write(ref failing, false);
        await Eventually.True(() => Task.FromResult(!link.Sending));
        var next = Batch("b");
        next.SentTo(1);
        link.Enqueue(next);
        await next.Done.Within();
        Assert.Equal(2L, router.Deliveries[^1].Sequence);
        Assert.All(router.Deliveries.SkipLast(1), d => Assert.Equal(1L, d.Sequence));
    }

    /// <summary>Moves the fake clock on (a retry's pause may start after any single step) until <paramref name="done"/> completes.</summary>
    private static bool Advanced(FakeTimeProvider clock, TimeSpan step, Task done)
    {
        clock.Advance(step);
        return done.IsCompleted;
    }

    [Fact]
    public void Only_membership_saying_dead_or_a_dead_silo_failure_proves_a_router_gone()
    {
        Assert.True(RouterFailures.IsProvenGone(new SiloUnavailableException(), SiloStatus.Active));
        Assert.True(RouterFailures.IsProvenGone(new TimeoutException(), SiloStatus.Dead));
        Assert.False(RouterFailures.IsProvenGone(new TimeoutException(), SiloStatus.Active));
        Assert.False(RouterFailures.IsProvenGone(new ArgumentNullException("room"), SiloStatus.Active));
        Assert.False(RouterFailures.IsProvenGone(new TimeoutException(), SiloStatus.None));
    }

    /// <summary>A router stand-in that records deliveries, holds the first until released, and fails the calls it is told to.</summary>
    private sealed class FakeRouter(Func<int, Exception?>? fail = null) : ISocketIoRouterGrain
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public List<RouterDelivery> Deliveries { get; } = [];

        public int Calls => Volatile.Read(ref _calls);

        public void Release() => _released.TrySetResult();

        public async Task Deliver(RouterDelivery delivery)
        {
            await _released.Task;
            lock (Deliveries)
            {
                Deliveries.Add(delivery);
            }

            if (fail?.Invoke(Interlocked.Increment(ref _calls)) is { } error)
            {
                throw error;
            }
        }

        public Task<SocketIoRemoteSocket[]> Fetch(SocketIoNamespaceKey ns, RoomFilter filter) => Task.FromResult<SocketIoRemoteSocket[]>([]);

        public Task Apply(SocketIoNamespaceKey ns, RoomFilter filter, SocketCommandKind kind, string? room) => Task.CompletedTask;

        public GrainId GetGrainId() => default;

        public TExtension AsReference<TExtension>() where TExtension : IAddressable => throw new NotSupportedException();
        public object AsReference(Type type) => throw new NotSupportedException();
    }
}
