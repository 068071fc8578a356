using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansEio.Diagnostics;

namespace OrleansEio.Sessions;

/// <summary>
/// Graceful silo shutdown (SIGTERM): before the silo leaves the cluster, every open session on it (and every
/// Socket.IO namespace directory) moves to the other active silos, spread evenly, with Orleans' live grain migration. Bounded by
/// <see cref="EngineIoOptions.DrainTimeout"/>; what has not moved by then ends with the silo, as on a crash.
/// </summary>
internal sealed partial class SessionDrain(
    MovableGrains movable,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IGrainFactory grains,
    IOptions<EngineIoOptions> options,
    EngineIoMetrics metrics,
    ILogger<SessionDrain> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(SessionDrain), ServiceLifecycleStage.Active, _ => Task.CompletedTask, DrainAsync);

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var ids = movable.Snapshot();
        if (ids.Length == 0)
        {
            return;
        }

        // The drain's span is the parent of every move (Orleans carries it into each MoveTo call).
        using var span = OrleansEioTelemetry.EngineIoSource.StartActivity("engineio.drain");
        span?.SetTag("orleanseio.drain.grains", ids.Length);

        // A silo that joined moments ago may not be in this silo's view yet: read the table before choosing.
        try
        {
            await membership.Refresh().AsTask().WaitAsync(options.Value.DrainTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            Log.RefreshFailed(logger, exception);
        }

        var targets = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(silo.SiloAddress))
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.ToParsableString(), StringComparer.Ordinal)
            .ToArray();
        if (targets.Length == 0)
        {
            Log.NowhereToGo(logger, ids.Length);
            metrics.Drained(0, ids.Length);
            span?.SetStatus(ActivityStatusCode.Error, "no other active silo");
            return;
        }

        var watch = Stopwatch.StartNew();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(options.Value.DrainTimeout);
        try
        {
            var moved = (await Task.WhenAll(ids.Select((id, i) => MoveAsync(id, targets[i % targets.Length]))).WaitAsync(bound.Token)).Count(m => m);
            Log.Drained(logger, moved, targets.Length, watch.ElapsedMilliseconds);
            metrics.Drained(moved, 0);
            span?.SetTag("orleanseio.drain.moved", moved);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or OrleansException)
        {
            var left = movable.Count;
            Log.DrainIncomplete(logger, left, ids.Length, watch.ElapsedMilliseconds);
            metrics.Drained(Math.Max(0, ids.Length - left), left);
            span?.SetTag("orleanseio.drain.failed", left);
            span?.SetStatus(ActivityStatusCode.Error, "not every grain moved in time");
        }
    }

    /// <summary>True once <paramref name="id"/> has left this silo; false when there was nothing to move.</summary>
    private async Task<bool> MoveAsync(GrainId id, SiloAddress target)
    {
        if (!await grains.GetGrain<IMovableGrain>(id).MoveTo(target))
        {
            return false;
        }

        await movable.WhenGoneAsync(id);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(41, LogLevel.Information, "Shutting down: moved {Count} open sessions and namespace directories to {Silos} other silos in {Elapsed} ms")]
        public static partial void Drained(ILogger logger, int count, int silos, long elapsed);

        [LoggerMessage(42, LogLevel.Warning, "Shutting down: {Left} of {Count} session activations still here after {Elapsed} ms; they end with this silo")]
        public static partial void DrainIncomplete(ILogger logger, int left, int count, long elapsed);

        [LoggerMessage(44, LogLevel.Warning, "Shutting down: could not refresh the membership view before moving sessions")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);

        [LoggerMessage(43, LogLevel.Warning, "Shutting down: no other active silo to take this silo's {Count} sessions; they end with it")]
        public static partial void NowhereToGo(ILogger logger, int count);
    }
}
