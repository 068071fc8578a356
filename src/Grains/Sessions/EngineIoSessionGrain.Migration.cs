using Microsoft.Extensions.DependencyInjection;
using OrleansEio.Protocol.EngineIo;

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
        Expire();
        if (_phase != Phase.Open || _migrating)
        {
            DeactivateIfUnknown();
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
        return Task.CompletedTask;
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext context)
    {
        if (_phase != Phase.Open)
        {
            // Closing or closed sessions are not worth moving: late requests learn "Session ID unknown".
            return;
        }

        // An upgrade in progress is abandoned: its probe socket is refused at the new home and the client stays on polling.
        var state = new SessionMigration(
            _path,
            _socket!.Handshake,
            _onWebSocket,
            _webSocket,
            _pendingPoll,
            _pendingPollGateway,
            _outbox.TakeAll(),
            RunDehydrate(),
            _deliveries);
        context.TryAddValue(MigrationKey, state);
        StopHeartbeat();
        _phase = Phase.Closed;
        _closeReason = "session moved";
        Log.Moved(_logger, Sid, _path);
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext context)
    {
        if (context.TryGetValue<SessionMigration>(MigrationKey, out var state) && state is not null)
        {
            _arrived = state;
        }
    }

    private async Task ResumeAsync(SessionMigration state)
    {
        _arrived = null;
        _application = _services.GetKeyedService<IEngineIoApplication>(state.Path);
        if (_application is null)
        {
            Log.NoApplication(_logger, state.Path);
            DeactivateOnIdle();
            return;
        }

        _phase = Phase.Open;
        _scheduler = TaskScheduler.Current;
        _path = state.Path;
        _socket = new SessionSocket(this, state.Handshake);
        _onWebSocket = state.OnWebSocket;
        _webSocket = state.WebSocket;
        _pendingPoll = state.PendingPoll;
        _pendingPollGateway = state.PendingPollGateway;
        _deliveries = state.Deliveries ?? new Deliveries();
        foreach (var packet in state.Outbox)
        {
            _outbox.AddFinal(packet);
        }

        // The heartbeat restarts here: at most one interval longer than it would have run.
        StartHeartbeat();
        Log.Arrived(_logger, Sid, _path);
        await RunApplication(nameof(IEngineIoApplication.OnRehydrateAsync), (app, socket) => app.OnRehydrateAsync(socket, state.Application));
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

[GenerateSerializer, Alias("OrleansEio.SessionMigration")]
internal sealed record SessionMigration(
    [property: Id(0)] string Path,
    [property: Id(1)] EngineIoHandshake Handshake,
    [property: Id(2)] bool OnWebSocket,
    [property: Id(3)] Guid WebSocket,
    [property: Id(4)] Guid PendingPoll,
    [property: Id(5)] IGatewayNode? PendingPollGateway,
    [property: Id(6)] EnginePacket[] Outbox,
    [property: Id(7)] object? Application,
    [property: Id(8)] Deliveries? Deliveries);
