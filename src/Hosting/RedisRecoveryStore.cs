using Orleans.Serialization;
using OrleansEio.SocketIo;
using StackExchange.Redis;

namespace OrleansEio.Hosting;

/// <summary>
/// Connection state recovery kept in Redis (cluster mode), so it outlives any silo: each namespace's log is a Redis
/// stream whose entry ids are the sequencer's offsets (the approach of <c>@socket.io/redis-streams-adapter</c>), one
/// <c>XADD</c> per broadcast, trimmed by age and length and expiring when the namespace goes quiet; each recoverable
/// socket's snapshot is a hash with a time to live. Every operation is one script or one pipeline, so each is atomic
/// in Redis and a crash of the caller leaves nothing half-written but a trailing log entry.
/// </summary>
internal sealed class RedisRecoveryStore : ISocketIoRecoveryStore, IAsyncDisposable
{
    // KEYS[1] the log; ARGV: max length, oldest id kept, time to live (ms), then id and entry pairs, in order.
    private const string AppendScript = """
        for i = 4, #ARGV, 2 do
          redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], ARGV[i], 'b', ARGV[i + 1])
        end
        redis.call('XTRIM', KEYS[1], 'MINID', '~', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    // KEYS[1] the snapshot; ARGV: holder, snapshot, time to live (ms), '1' to claim. Without a claim another holder's snapshot stays.
    private const string SaveScript = """
        if ARGV[4] ~= '1' then
          local holder = redis.call('HGET', KEYS[1], 'h')
          if holder and holder ~= ARGV[1] then return 0 end
        end
        redis.call('HSET', KEYS[1], 'h', ARGV[1], 's', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    private const string TakeScript = """
        local snapshot = redis.call('HGET', KEYS[1], 's')
        if snapshot then redis.call('DEL', KEYS[1]) end
        return snapshot
        """;

    private const string DeleteScript = """
        if redis.call('HGET', KEYS[1], 'h') == ARGV[1] then redis.call('DEL', KEYS[1]) end
        return 1
        """;

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;
    private readonly string _prefix;
    private readonly Serializer _serializer;
    private readonly int _maxLength;
    private readonly TimeProvider _clock;

    public RedisRecoveryStore(ConfigurationOptions redis, string serviceId, Serializer serializer, SocketIoRecoveryOptions options, TimeProvider? clock = null)
    {
        _connection = new(() => ConnectionMultiplexer.ConnectAsync(redis));
        _prefix = "orleanseio:" + serviceId + ":csr:";
        _serializer = serializer;
        _maxLength = options.MaxLogLength;
        _clock = clock ?? TimeProvider.System;
    }

    private async Task<IDatabase> DatabaseAsync() => (await _connection.Value).GetDatabase();

    private RedisKey LogKey(SocketIoNamespaceKey ns) => _prefix + "log:" + ns.ToKey();

    private RedisKey SocketKey(string pid) => _prefix + "socket:" + pid;

    public async Task<SocketIoOffset> LastOffsetAsync(SocketIoNamespaceKey ns)
    {
        var last = await (await DatabaseAsync()).StreamRangeAsync(LogKey(ns), "-", "+", 1, Order.Descending);
        return last.Length > 0 && SocketIoOffset.TryParse(last[0].Id, out var offset) ? offset : SocketIoOffset.None;
    }

    public async Task AppendAsync(SocketIoNamespaceKey ns, IReadOnlyList<SequencedBroadcast> broadcasts, TimeSpan retention)
    {
        var args = new RedisValue[3 + (2 * broadcasts.Count)];
        args[0] = _maxLength;
        args[1] = (_clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)retention.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        args[2] = (long)retention.TotalMilliseconds;
        for (var i = 0; i < broadcasts.Count; i++)
        {
            args[3 + (2 * i)] = broadcasts[i].Offset.ToString();
            args[4 + (2 * i)] = _serializer.SerializeToArray(broadcasts[i]);
        }

        await (await DatabaseAsync()).ScriptEvaluateAsync(AppendScript, [LogKey(ns)], args);
    }

    public async Task<SequencedBroadcast[]?> ReadAfterAsync(SocketIoNamespaceKey ns, SocketIoOffset offset)
    {
        var db = await DatabaseAsync();
        var id = offset.ToString();

        // The client's offset must still be in the log: otherwise what it missed may have been trimmed.
        var at = await db.StreamRangeAsync(LogKey(ns), id, id, 1);
        if (at.Length == 0)
        {
            return null;
        }

        var after = await db.StreamRangeAsync(LogKey(ns), "(" + id, "+");
        return [.. after.Select(e => _serializer.Deserialize<SequencedBroadcast>((byte[])e["b"]!)!)];
    }

    public async Task SaveAsync(string pid, RecoverableSocket socket, TimeSpan ttl, bool claim)
        => await (await DatabaseAsync()).ScriptEvaluateAsync(
            SaveScript,
            [SocketKey(pid)],
            [socket.Holder, _serializer.SerializeToArray(socket), (long)Math.Ceiling(ttl.TotalMilliseconds), claim ? "1" : "0"]);

    public async Task<RecoverableSocket?> TakeAsync(string pid)
    {
        var taken = await (await DatabaseAsync()).ScriptEvaluateAsync(TakeScript, [SocketKey(pid)]);
        return taken.IsNull ? null : _serializer.Deserialize<RecoverableSocket>((byte[])taken!)!;
    }

    public async Task DeleteAsync(string pid, string holder)
        => await (await DatabaseAsync()).ScriptEvaluateAsync(DeleteScript, [SocketKey(pid)], [holder]);

    public async Task RefreshAsync(IReadOnlyCollection<string> pids, TimeSpan ttl)
    {
        // One pipeline for the whole silo; a snapshot that is gone stays gone (PEXPIRE creates nothing).
        var db = await DatabaseAsync();
        var batch = db.CreateBatch();
        var calls = pids.Select(pid => batch.KeyExpireAsync(SocketKey(pid), ttl)).ToArray();
        batch.Execute();
        await Task.WhenAll(calls);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }
}
