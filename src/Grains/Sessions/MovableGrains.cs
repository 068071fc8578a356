using Orleans.Runtime.Placement;

namespace OrleansEio.Sessions;

/// <summary>A grain whose activation can move to another silo when its silo shuts down gracefully.</summary>
[Alias("OrleansEio.IMovableGrain")]
internal interface IMovableGrain : IGrain
{
    /// <summary>Starts moving to <paramref name="target"/>; false when there is nothing worth moving.</summary>
    [Alias("MoveTo"), Orleans.Concurrency.AlwaysInterleave]
    Task<bool> MoveTo(SiloAddress target);
}

/// <summary>The movable activations on this silo (sessions, namespace directories), so a graceful shutdown can move them elsewhere.</summary>
internal sealed class MovableGrains
{
    /// <summary>Asks Orleans to migrate <paramref name="activation"/> to <paramref name="target"/> once it is idle.</summary>
    internal static void Migrate(IGrainContext activation, SiloAddress target)
        => activation.Migrate(new Dictionary<string, object> { [IPlacementDirector.PlacementHintKey] = target });

    private readonly Lock _gate = new();
    private readonly HashSet<GrainId> _ids = [];
    private readonly Dictionary<GrainId, TaskCompletionSource> _leaving = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count;
            }
        }
    }

    internal void Add(GrainId id)
    {
        lock (_gate)
        {
            _ids.Add(id);
        }
    }

    internal void Remove(GrainId id)
    {
        lock (_gate)
        {
            _ids.Remove(id);
            if (_leaving.Remove(id, out var left))
            {
                left.TrySetResult();
            }
        }
    }

    public GrainId[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _ids];
        }
    }

    /// <summary>Completes when the activation of <paramref name="id"/> has left this silo (at once if it is not here).</summary>
    public Task WhenGoneAsync(GrainId id)
    {
        lock (_gate)
        {
            if (!_ids.Contains(id))
            {
                return Task.CompletedTask;
            }

            if (!_leaving.TryGetValue(id, out var left))
            {
                _leaving[id] = left = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return left.Task;
        }
    }
}
