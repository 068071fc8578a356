using Microsoft.Extensions.Options;

namespace OrleansEio.SocketIo;

/// <summary>
/// Connection state recovery kept in this process: the embedded default, where the silo and the gateway live and die
/// together (as socket.io's in-memory adapter). Each namespace's log holds at most
/// <see cref="SocketIoRecoveryOptions.MaxLogLength"/> broadcasts and none older than its retention.
/// </summary>
internal sealed class MemoryRecoveryStore(IOptions<SocketIoOptions> options, TimeProvider? clock = null) : ISocketIoRecoveryStore
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly int _maxLength = options.Value.ConnectionStateRecovery.MaxLogLength;
    private readonly Lock _gate = new();
    private readonly Dictionary<SocketIoNamespaceKey, List<SequencedBroadcast>> _logs = [];
    private readonly Dictionary<SocketIoNamespaceKey, TimeSpan> _retention = [];
    private readonly Dictionary<string, (RecoverableSocket Socket, DateTimeOffset Expires)> _sockets = [];
    private DateTimeOffset _nextSweep;

    private DateTimeOffset Now => _clock.GetUtcNow();

    public Task<SocketIoOffset> LastOffsetAsync(SocketIoNamespaceKey ns)
    {
        lock (_gate)
        {
            return Task.FromResult(_logs.TryGetValue(ns, out var log) && log.Count > 0 ? log[^1].Offset : SocketIoOffset.None);
        }
    }

    public Task AppendAsync(SocketIoNamespaceKey ns, IReadOnlyList<SequencedBroadcast> broadcasts, TimeSpan retention)
    {
        lock (_gate)
        {
            if (!_logs.TryGetValue(ns, out var log))
            {
                _logs[ns] = log = [];
            }

            foreach (var broadcast in broadcasts)
            {
                if (log.Count > 0 && broadcast.Offset <= log[^1].Offset)
                {
                    return Task.FromException(new InvalidOperationException($"Offset {broadcast.Offset} is not above the log's last ({log[^1].Offset})."));
                }

                log.Add(broadcast);
            }

            _retention[ns] = retention;
            Trim(log, retention);
            Sweep();
        }

        return Task.CompletedTask;
    }

    private void Trim(List<SequencedBroadcast> log, TimeSpan retention)
    {
        var oldest = Now.ToUnixTimeMilliseconds() - (long)retention.TotalMilliseconds;
        var kept = log.FindIndex(b => b.Offset.Milliseconds >= oldest);
        var drop = Math.Max(kept < 0 ? log.Count : kept, log.Count - _maxLength);
        if (drop > 0)
        {
            log.RemoveRange(0, drop);
        }
    }

    public Task<SequencedBroadcast[]?> ReadAfterAsync(SocketIoNamespaceKey ns, SocketIoOffset offset)
    {
        lock (_gate)
        {
            if (!_logs.TryGetValue(ns, out var log))
            {
                return Task.FromResult<SequencedBroadcast[]?>(null);
            }

            var at = log.BinarySearch(new SequencedBroadcast(offset, null!, null!), ByOffset.Instance);
            return Task.FromResult<SequencedBroadcast[]?>(at < 0 ? null : [.. log.Skip(at + 1)]);
        }
    }

    public Task SaveAsync(string pid, RecoverableSocket socket, TimeSpan ttl, bool claim)
    {
        lock (_gate)
        {
            Sweep();
            if (claim || !_sockets.TryGetValue(pid, out var held) || held.Expires <= Now || held.Socket.Holder == socket.Holder)
            {
                _sockets[pid] = (socket, Now + ttl);
            }
        }

        return Task.CompletedTask;
    }

    public Task<RecoverableSocket?> TakeAsync(string pid)
    {
        lock (_gate)
        {
            return Task.FromResult(_sockets.Remove(pid, out var held) && held.Expires > Now ? held.Socket : null);
        }
    }

    public Task DeleteAsync(string pid, string holder)
    {
        lock (_gate)
        {
            if (_sockets.TryGetValue(pid, out var held) && held.Socket.Holder == holder)
            {
                _sockets.Remove(pid);
            }
        }

        return Task.CompletedTask;
    }

    public Task RefreshAsync(IReadOnlyCollection<string> pids, TimeSpan ttl)
    {
        lock (_gate)
        {
            foreach (var pid in pids)
            {
                if (_sockets.TryGetValue(pid, out var held) && held.Expires > Now)
                {
                    _sockets[pid] = (held.Socket, Now + ttl);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Expired snapshots and broadcasts go at most once a minute, as socket.io's in-memory adapter sweeps them; empty logs are forgotten.</summary>
    private void Sweep()
    {
        if (Now < _nextSweep)
        {
            return;
        }

        _nextSweep = Now + TimeSpan.FromMinutes(1);
        foreach (var pid in _sockets.Where(s => s.Value.Expires <= Now).Select(s => s.Key).ToArray())
        {
            _sockets.Remove(pid);
        }

        foreach (var (ns, log) in _logs.ToArray())
        {
            Trim(log, _retention[ns]);
            if (log.Count == 0)
            {
                _logs.Remove(ns);
                _retention.Remove(ns);
            }
        }
    }

    private sealed class ByOffset : IComparer<SequencedBroadcast>
    {
        public static readonly ByOffset Instance = new();

        public int Compare(SequencedBroadcast? x, SequencedBroadcast? y) => x!.Offset.CompareTo(y!.Offset);
    }
}
