using OrleansEio.Sessions.State;

namespace OrleansEio.Sessions;

/// <summary>
/// Moving a live session to another silo (graceful silo shutdown): the open session's transport state,
/// its queue and the application's state travel with Orleans' live grain migration; the gateways' waiting
/// calls are handed back (<c>Retry</c>/empty pull) and re-issued, and Orleans forwards them to the new home.
/// </summary>
internal sealed partial class EngineIoSessionGrain : IGrainMigrationParticipant
{
    private const string MigrationKey = "eio";

    private bool _migrating;
    private SessionMigration? _arrived;

    /// <summary>
    /// Moves an open session to <paramref name="target"/> (its silo is shutting down): waiting calls return to be
    /// re-issued, and the session continues there with its queue, transport and application state. False when
    /// there is nothing to move (the session is closing, closed or unknown).
    /// </summary>
    public Task<bool> MoveTo(SiloAddress target)
    {
        if (!_life.IsOpen || _migrating)
        {
            return Task.FromResult(_migrating);
        }

        _migrating = true;
        MovableGrains.Migrate(GrainContext, target);

        // Waiting polls and pulls return now, so the activation becomes idle and can move.
        _signal.Pulse();
        return Task.FromResult(true);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _movable.Add(this.GetGrainId());
        return _arrived is { } arrived ? ResumeAsync(arrived) : Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _movable.Remove(this.GetGrainId());
        _lease?.Dispose();
        return Task.CompletedTask;
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext context)
    {
        if (!_life.IsOpen)
        {
            // Closing or closed sessions are not worth moving: late requests learn "Session ID unknown".
            return;
        }

        // The session's state moves as one object. An upgrade in progress is abandoned: its probe socket is refused
        // at the new home and the client stays on polling. The heartbeat restarts there.
        context.TryAddValue(MigrationKey, new SessionMigration(_state!, RunDehydrate()));
        StopHeartbeat();
        EndUpgrade("session moved");
        _life.Close("session moved");
        _metrics.Ended(TransportName, RuntimeIdentity, reason: null);
        Log.Moved(_logger, Sid, Path);
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext context)
    {
        if (context.TryGetValue<SessionMigration>(MigrationKey, out var state) && state is not null)
        {
            _arrived = state;
        }
    }

    private async Task ResumeAsync(SessionMigration arrived)
    {
        _arrived = null;
        if (!Attach(arrived.Session.Path, arrived.Session.Handshake))
        {
            return;
        }

        // A session moving in from a stopping silo is always accepted: its client is already connected.
        _lease = _openSessions.Arrive(arrived.Session.Handshake.RemoteAddress);
        _state = arrived.Session;
        _life.Open();
        _metrics.Opened(TransportName, RuntimeIdentity, handshake: false);

        // The heartbeat restarts here: at most one interval longer than it would have run.
        StartHeartbeat();
        Log.Arrived(_logger, Sid, Path);
        await RunApplication(nameof(IEngineIoApplication.OnRehydrateAsync), (app, socket) => app.OnRehydrateAsync(socket, arrived.Application));
    }

    private object? RunDehydrate()
    {
        try
        {
            return _application!.OnDehydrate(_socket!);
        }
        catch (Exception exception)
        {
            ApplicationFailed(nameof(IEngineIoApplication.OnDehydrate), exception);
            return null;
        }
    }
}

/// <summary>What travels with a moving session: its state, as one unit, and the application's own.</summary>
[GenerateSerializer, Alias("OrleansEio.SessionMigration")]
internal sealed record SessionMigration(
    [property: Id(0)] SessionState Session,
    [property: Id(1)] object? Application);
