using OrleansEio.SocketIo;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// The namespace directory keeps a silo through a failed or timed-out call and drops it only on proof that it is
/// gone: one bad operation once blacked out every room broadcast of a silo until its next refresh.
/// </summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class SocketIoNamespaceGrainTests(FakeClockCluster cluster)
{
    private static readonly BroadcastMessage Message = new("/test", "/", new RoomFilter([], []), [EngineIoMessage.FromText("2[\"news\"]")]);

    private ISocketIoNamespaceGrain NewDirectory() => cluster.Grains.GetGrain<ISocketIoNamespaceGrain>(SocketIoKeys.Namespace("/test", "/ns-" + Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task A_live_silo_whose_router_fails_a_call_stays_registered_and_gets_the_next_broadcast()
    {
        var router = new RecordingRouter(call => call == 1 ? new InvalidOperationException("one bad operation") : null);
        var directory = NewDirectory();
        await directory.Register(cluster.Cluster.Primary!.SiloAddress.ToParsableString(), cluster.Grains.CreateObjectReference<ISocketIoSiloRouter>(router)).Within();

        await directory.Broadcast(Message).Within();
        await directory.Broadcast(Message).Within();

        Assert.Equal(2, router.Deliveries);
    }

    [Fact]
    public async Task A_router_whose_calls_fail_as_calls_to_a_dead_silo_do_is_dropped()
    {
        var router = new RecordingRouter(_ => new SiloUnavailableException("the silo is gone"));
        var directory = NewDirectory();
        await directory.Register(cluster.Cluster.Primary!.SiloAddress.ToParsableString(), cluster.Grains.CreateObjectReference<ISocketIoSiloRouter>(router)).Within();

        await directory.Broadcast(Message).Within();
        await directory.Broadcast(Message).Within();

        Assert.Equal(1, router.Deliveries);
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

    /// <summary>A silo router stand-in that counts broadcasts and fails the ones it is told to.</summary>
    private sealed class RecordingRouter(Func<int, Exception?> failure) : ISocketIoSiloRouter
    {
        private int _deliveries;

        public int Deliveries => Volatile.Read(ref _deliveries);

        public Task Deliver(BroadcastMessage message)
            => failure(Interlocked.Increment(ref _deliveries)) is { } error ? Task.FromException(error) : Task.CompletedTask;

        public Task<SocketIoRemoteSocket[]> Fetch(string path, string nsp, RoomFilter filter) => Task.FromResult<SocketIoRemoteSocket[]>([]);

        public Task Apply(string path, string nsp, RoomFilter filter, SocketCommandKind kind, string? room) => Task.CompletedTask;
    }
}
