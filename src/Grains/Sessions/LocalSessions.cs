namespace OrleansEio.Sessions;

/// <summary>The session activations on this silo, so a graceful shutdown can move them elsewhere.</summary>
public sealed class LocalSessions
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _sids = [];
    private TaskCompletionSource? _emptied;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sids.Count;
            }
        }
    }

    internal void Add(string sid)
    {
        lock (_gate)
        {
            _sids.Add(sid);
        }
    }

    internal void Remove(string sid)
    {
        lock (_gate)
        {
            if (_sids.Remove(sid) && _sids.Count == 0)
            {
                _emptied?.TrySetResult();
                _emptied = null;
            }
        }
    }

    public string[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _sids];
        }
    }

    /// <summary>Completes when no session activation is left on this silo.</summary>
    public Task WhenEmptyAsync()
    {
        lock (_gate)
        {
            if (_sids.Count == 0)
            {
                return Task.CompletedTask;
            }

            _emptied ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _emptied.Task;
        }
    }
}
