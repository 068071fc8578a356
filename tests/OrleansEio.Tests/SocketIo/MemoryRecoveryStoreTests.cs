using Microsoft.Extensions.Time.Testing;
using OrleansEio.SocketIo;

namespace OrleansEio.Tests.SocketIo;

public sealed class MemoryRecoveryStoreTests : RecoveryStoreContract
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly MemoryRecoveryStore _store;

    public MemoryRecoveryStoreTests()
    {
        var options = new SocketIoOptions();
        options.ConnectionStateRecovery.MaxLogLength = 3;
        _store = new MemoryRecoveryStore(Microsoft.Extensions.Options.Options.Create(options), _clock);
    }

    private protected override ISocketIoRecoveryStore Store => _store;

    private protected override long NowMs => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public async Task A_snapshot_expires_after_its_time_to_live_unless_refreshed()
    {
        await _store.SaveAsync("kept", Snapshot("s", "socket-1"), TimeSpan.FromSeconds(10), claim: true);
        await _store.SaveAsync("lost", Snapshot("s", "socket-1"), TimeSpan.FromSeconds(10), claim: true);

        _clock.Advance(TimeSpan.FromSeconds(9));
        await _store.RefreshAsync(["kept", "unknown"], TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.NotNull(await _store.TakeAsync("kept"));
        Assert.Null(await _store.TakeAsync("lost"));
        Assert.Null(await _store.TakeAsync("unknown"));
    }

    [Fact]
    public async Task The_log_forgets_broadcasts_older_than_the_retention_and_beyond_its_length()
    {
        var ns = NewNamespace();
        var old = new SocketIoOffset(NowMs, 0);
        await _store.AppendAsync(ns, [Broadcast(old, "1")], TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(11));
        var recent = new SocketIoOffset(NowMs, 0);
        await _store.AppendAsync(ns, [Broadcast(recent, "2")], TimeSpan.FromSeconds(10));

        Assert.Null(await _store.ReadAfterAsync(ns, old));
        Assert.NotNull(await _store.ReadAfterAsync(ns, recent));

        await _store.AppendAsync(ns, [Broadcast(recent with { Sequence = 1 }, "3"), Broadcast(recent with { Sequence = 2 }, "4"), Broadcast(recent with { Sequence = 3 }, "5")], TimeSpan.FromSeconds(10));

        // MaxLogLength 3: the oldest goes first.
        Assert.Null(await _store.ReadAfterAsync(ns, recent));
        Assert.Equal(2, (await _store.ReadAfterAsync(ns, recent with { Sequence = 1 }))!.Length);
    }
}
