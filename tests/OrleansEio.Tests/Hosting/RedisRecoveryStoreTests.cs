using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansEio.Hosting;
using OrleansEio.SocketIo;
using OrleansEio.Tests.Infrastructure;
using OrleansEio.Tests.SocketIo;
using StackExchange.Redis;

namespace OrleansEio.Tests.Hosting;

/// <summary>The Redis store of connection state recovery (cluster mode), against a real redis-server.</summary>
public sealed class RedisRecoveryStoreTests(RedisServer redis) : RecoveryStoreContract, IClassFixture<RedisServer>, IAsyncLifetime
{
    private RedisRecoveryStore _store = null!;

    private protected override ISocketIoRecoveryStore Store => _store;

    private protected override long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public Task InitializeAsync()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        _store = new RedisRecoveryStore(ConfigurationOptions.Parse(redis.ConnectionString), "tests-" + Guid.NewGuid().ToString("N"), serializer, new SocketIoRecoveryOptions());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_snapshot_expires_in_redis_after_its_time_to_live_unless_refreshed()
    {
        await _store.SaveAsync("kept", Snapshot("s", "socket-1"), TimeSpan.FromMilliseconds(500), claim: true);
        await _store.SaveAsync("lost", Snapshot("s", "socket-1"), TimeSpan.FromMilliseconds(500), claim: true);
        await _store.RefreshAsync(["kept", "unknown"], TimeSpan.FromMinutes(1));

        // Redis expires keys by itself: poll until the unrefreshed one is gone.
        await Eventually.True(async () => await _store.TakeAsync("lost") is null, TimeSpan.FromSeconds(10));

        Assert.NotNull(await _store.TakeAsync("kept"));
        Assert.Null(await _store.TakeAsync("unknown"));
    }

    [Fact]
    public async Task Each_broadcast_is_one_stream_entry_whose_id_is_its_offset()
    {
        var ns = NewNamespace();
        var first = new SocketIoOffset(NowMs, 0);
        await _store.AppendAsync(ns, [Broadcast(first, "1"), Broadcast(first with { Sequence = 1 }, "2")], TimeSpan.FromMinutes(1));

        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        var key = connection.GetServers()[0].Keys(pattern: "*:csr:log:" + ns.ToKey()).Single();

        Assert.Equal([first.ToString(), (first with { Sequence = 1 }).ToString()], (await db.StreamRangeAsync(key)).Select(e => e.Id.ToString()));
        Assert.InRange((await db.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
    }
}
