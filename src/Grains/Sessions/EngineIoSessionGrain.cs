using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using OrleansEio.Diagnostics;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions.State;

namespace OrleansEio.Sessions;

/// <summary>
/// The Engine.IO session: the only owner of its state, so any gateway gets the same answer for the same request.
/// Its state is a few objects that own their transitions (State/): the <see cref="Lifecycle"/>, the
/// <see cref="SessionState"/> that moves with a migration (transport, pending GET, outbox, deliveries), the
/// <see cref="UpgradeAttempt"/> and the <see cref="Heartbeat"/>. Each partial file owns the objects it declares:
/// polling requests (Polling), WebSocket frames (WebSocket), the upgrade (Upgrade), deadlines (Deadlines),
/// the application's handlers (Application), migration (Migration).
/// Sessions are not persisted: when the hosting silo dies, the client gets "Session ID unknown" and reconnects,
/// as with any Engine.IO server restart. When the silo shuts down gracefully, open sessions move to another silo
/// (<see cref="SessionDrain"/>) and their clients notice nothing.
/// </summary>
[PreferLocalPlacement]
internal sealed partial class EngineIoSessionGrain : Grain, IEngineIoSessionGrain, IIncomingGrainCallFilter
{
    // A closed session lingers briefly so requests already on their way (a retried poll, a pump's next
    // pull) learn how it ended instead of meeting a fresh activation that never knew it.
    internal static readonly TimeSpan ClosedRetention = TimeSpan.FromSeconds(5);

    private readonly EngineIoOptions _options;
    private readonly EngineIoClock _clock;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly MovableGrains _movable;
    private readonly EngineIoMetrics _metrics;
    private readonly Signal _signal = new();
    private readonly Lifecycle _life = new();
    private readonly OpenSessions _openSessions;

    // This session's place in the silo's open-session budget, held from the handshake (or an arrival) to the close.
    private OpenSessions.Lease? _lease;

    // Set by the handshake (or an arrival from another silo) and kept after the close, so late requests learn how it ended.
    private SessionState? _state;
    private int _waitingCalls;

    public EngineIoSessionGrain(IOptions<EngineIoOptions> options, EngineIoClock clock, IServiceProvider services, MovableGrains movable, OpenSessions openSessions, EngineIoMetrics metrics, ILogger<EngineIoSessionGrain> logger)
    {
        _movable = movable;
        _metrics = metrics;
        _openSessions = openSessions;
        _options = options.Value;
        _clock = clock;
        _services = services;
        _logger = logger;
        _heartbeat = new Heartbeat(_options.PingInterval, _options.PingTimeout);
    }

    internal string Sid => this.GetPrimaryKeyString();

    internal string TransportName => _state?.Transport.Name ?? ActiveTransport.Polling.Name;

    private string Path => _state?.Path ?? string.Empty;

    private DateTimeOffset Now => _clock.TimeProvider.GetUtcNow();

    /// <summary>
    /// The one guard at the door: every call first applies the deadlines that passed (so a request arriving after one
    /// sees its effect even if the timer has not fired), and a call for a sid nobody opened lets the empty activation go.
    /// </summary>
    Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        Expire();
        var call = context.Invoke();
        if (call.IsCompletedSuccessfully)
        {
            DeactivateIfUnknown();
            return Task.CompletedTask;
        }

        return AfterCallAsync(call);
    }

    private async Task AfterCallAsync(Task call)
    {
        try
        {
            await call;
        }
        finally
        {
            DeactivateIfUnknown();
        }
    }

    public async Task<OpenResult> Open(OpenRequest request)
    {
        if (!_life.IsNew)
        {
            return new OpenResult(null, EngineIoErrorCode.BadRequest);
        }

        var path = EngineIoPaths.Normalize(request.Path);
        if (!Attach(path, request.Handshake))
        {
            return new OpenResult(null, EngineIoErrorCode.BadRequest);
        }

        _lease = _openSessions.TryOpen(request.Handshake.RemoteAddress);
        if (_lease is null)
        {
            // The silo's total and the per-address budget refuse alike; the log of OpenSessions tells them apart.
            _metrics.Rejected("EngineIo:MaxOpenSessions");
            DeactivateOnIdle();
            return new OpenResult(null, EngineIoErrorCode.Forbidden, "Too many sessions");
        }

        using var span = OrleansEioTelemetry.EngineIoSource.StartActivity("engineio.handshake");
        var transport = request.WebSocket == Guid.Empty ? ActiveTransport.Polling : ActiveTransport.WebSocket(request.WebSocket);
        span?.SetTag("engineio.transport", transport.Name);
        _state = new SessionState(path, request.Handshake, transport, _options.MaxBufferedBytes);
        _life.Open();
        _metrics.Opened(TransportName, RuntimeIdentity, handshake: true);
        StartHeartbeat();
        Log.Opened(_logger, Sid, TransportName, path);

        var openPacket = OpenPacketJson();
        await RunApplication(nameof(IEngineIoApplication.OnOpenAsync), (app, socket) => app.OnOpenAsync(socket));
        return new OpenResult(openPacket, null);
    }

    public Task<bool> Send(EngineIoMessage[] messages)
    {
        var sent = _life.IsOpen;
        foreach (var message in messages)
        {
            sent &= EnqueueMessage(message);
        }

        return Task.FromResult(sent);
    }

    public Task Deliver(EngineIoMessage[] messages, bool isVolatile)
    {
        if (_life.IsOpen && _application is IEngineIoDeliveryObserver observer)
        {
            try
            {
                observer.OnDelivering(_socket!, messages);
            }
            catch (Exception exception)
            {
                // What the application does with a broadcast never keeps it from its client.
                ApplicationFailed(nameof(IEngineIoDeliveryObserver.OnDelivering), exception);
            }
        }

        // As engine.io: a volatile packet the transport cannot take now is discarded, after the listeners saw it.
        return isVolatile && !IsWritable ? Task.CompletedTask : Send(messages);
    }

    public Task Close()
    {
        BeginServerClose();
        return Task.CompletedTask;
    }

    public Task<SessionSnapshot> Describe()
        => Task.FromResult(new SessionSnapshot(_life.ToString(), TransportName, _upgrade.ToString(), _state?.Poll.IsPending ?? false, _state?.Outbox.Count ?? 0, RuntimeIdentity, _waitingCalls, _gatewayPings > 0));

    /// <summary>A transport delivered garbage: the upgrade it was attempting ends, or the session it carries closes.</summary>
    public Task Fail(Guid connection, string reason)
    {
        if (connection != Guid.Empty && _upgrade.IsCandidate(connection))
        {
            CancelUpgrade(reason);
        }
        else if (_life.IsLive && (connection == Guid.Empty ? !_state!.Transport.IsWebSocket : _state!.Transport.IsSocket(connection)))
        {
            Log.ClientError(_logger, Path, LogText.Escape(reason));
            CloseNow(reason, clientClosed: false);
        }

        return Task.CompletedTask;
    }

    internal bool EnqueueMessage(EngineIoMessage message)
        => Enqueue(message.IsBinary ? EnginePacket.Message(message.Data!) : EnginePacket.Message(message.Text ?? string.Empty));

    private bool Enqueue(in EnginePacket packet)
    {
        if (!_life.IsOpen)
        {
            return false;
        }

        if (!_state!.Outbox.TryAdd(packet))
        {
            _metrics.Rejected("EngineIo:MaxBufferedBytes");
            CloseNow("buffer overflow", clientClosed: false);
            Log.ClientError(_logger, Path, "buffer overflow");
            return false;
        }

        _signal.Pulse();
        return true;
    }

    /// <summary>Server-initiated close: what is queued is delivered first, then the close.</summary>
    internal void BeginServerClose(string reason = "forced close")
    {
        if (!_life.BeginClosing(reason, Now + _options.PingInterval + _options.PingTimeout))
        {
            return;
        }

        _state!.Outbox.AddFinal(EnginePacket.Close);
        Reschedule();
        _signal.Pulse();
    }

    /// <summary>Waits for a state change on behalf of a transport call (a pending poll or pull), counted for <see cref="Describe"/>.</summary>
    private async Task<bool> WaitForChangeAsync()
    {
        if (_migrating)
        {
            // The session is about to move: the call returns empty-handed and is re-issued to the new home.
            return false;
        }

        _waitingCalls++;
        try
        {
            return await _signal.WaitAsync(_options.LongPollSegment);
        }
        finally
        {
            _waitingCalls--;
        }
    }

    /// <summary>
    /// Takes what one answer carries: at most <c>MaxHttpBufferSize</c> bytes (encoded for a poll, as frames for a
    /// WebSocket pull), the first packet whatever its size; the rest waits for the next GET or pull, so what a gateway
    /// holds for a client that reads slowly stays within that bound. Handing out the final close packet completes a server close.
    /// </summary>
    private EnginePacket[] TakeOutbox(bool polling)
    {
        var outbox = _state!.Outbox;
        var packets = polling ? outbox.TakePayload(_options.MaxHttpBufferSize) : outbox.TakeFrames(_options.MaxHttpBufferSize);
        if (_life.IsClosing && packets.Length > 0 && packets[^1].Type == EnginePacketType.Close)
        {
            CloseNow(_life.ServerCloseReason, clientClosed: false);
        }

        return packets;
    }

    /// <summary>
    /// The one cleanup path: every way a session ends comes through here. A pending poll gets its last packet
    /// (noop when the client closed, close otherwise), an upgrade in progress ends, waiting pulls wake and see the
    /// session closed, and the application hears why.
    /// </summary>
    private void CloseNow(string reason, bool clientClosed)
    {
        if (!_life.Close(reason))
        {
            return;
        }

        _lease?.Dispose();
        _metrics.Ended(TransportName, RuntimeIdentity, reason);
        _state!.Poll.Finish(clientClosed ? EnginePacket.Noop : EnginePacket.Close);
        _state.Outbox.Clear();
        EndUpgrade(reason);
        ReleaseDrainWaiters();
        StopHeartbeat();
        _signal.Pulse();
        Log.Closed(_logger, Sid, reason);
        ReportRepeatedFailures();
        _ = NotifyClosedAsync(reason);
    }

    /// <summary>A request for a sid nobody opened activates an empty grain: answer, then let it go.</summary>
    private void DeactivateIfUnknown()
    {
        if (_life.IsNew)
        {
            DeactivateOnIdle();
        }
    }

    private string OpenPacketJson()
    {
        var upgrades = !_state!.Transport.IsWebSocket && _options.AllowUpgrades && _options.IsTransportAllowed("websocket") ? "[\"websocket\"]" : "[]";
        return new StringBuilder(128)
            .Append("{\"sid\":\"").Append(Sid)
            .Append("\",\"upgrades\":").Append(upgrades)
            .Append(",\"pingInterval\":").Append((long)_options.PingInterval.TotalMilliseconds)
            .Append(",\"pingTimeout\":").Append((long)_options.PingTimeout.TotalMilliseconds)
            .Append(",\"maxPayload\":").Append(_options.MaxHttpBufferSize)
            .Append('}')
            .ToString();
    }
}
