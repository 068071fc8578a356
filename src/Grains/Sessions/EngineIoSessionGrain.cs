using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using OrleansEio.Diagnostics;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

/// <summary>
/// The Engine.IO session: transport state machine, upgrade validation, pending poll, bounded outbox,
/// heartbeat. State lives only here, so any gateway gets the same answer for the same request.
/// Sessions are not persisted: when the hosting silo dies, the client gets "Session ID unknown" and
/// reconnects, as with any Engine.IO server restart. When the silo shuts down gracefully, open sessions
/// move to another silo (<see cref="SessionDrain"/>) and their clients notice nothing.
/// </summary>
[PreferLocalPlacement]
internal sealed partial class EngineIoSessionGrain : Grain, IEngineIoSessionGrain
{
    // A closed session lingers briefly so requests already on their way (a retried poll, a pump's next
    // pull) learn how it ended instead of meeting a fresh activation that never knew it.
    internal static readonly TimeSpan ClosedRetention = TimeSpan.FromSeconds(5);

    private enum Phase { New, Open, Closing, Closed }

    private readonly EngineIoOptions _options;
    private readonly EngineIoClock _clock;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly Outbox _outbox;
    private readonly Signal _signal = new();
    private Deliveries _deliveries = new();
    private readonly MovableGrains _movable;
    private readonly FailureLog _failures = new();

    private Phase _phase;
    private string _path = string.Empty;
    private IEngineIoApplication? _application;
    private SessionSocket? _socket;
    private string? _closeReason;
    private TaskScheduler? _scheduler;
    private string _serverCloseReason = "forced close";
    private readonly List<(long Packets, TaskCompletionSource Waiter)> _drainWaiters = [];
    private int _waitingCalls;

    public EngineIoSessionGrain(IOptions<EngineIoOptions> options, EngineIoClock clock, IServiceProvider services, MovableGrains movable, ILogger<EngineIoSessionGrain> logger)
    {
        _movable = movable;
        _options = options.Value;
        _clock = clock;
        _services = services;
        _logger = logger;
        _outbox = new Outbox(_options.MaxBufferedBytes);
    }

    internal string Sid => this.GetPrimaryKeyString();

    internal string TransportName => _onWebSocket ? "websocket" : "polling";

    private DateTimeOffset Now => _clock.TimeProvider.GetUtcNow();

    private bool IsOpenOrClosing => _phase is Phase.Open or Phase.Closing;

    public async Task<OpenResult> Open(OpenRequest request)
    {
        if (_phase != Phase.New)
        {
            return new OpenResult(null, EngineIoErrorCode.BadRequest);
        }

        var path = EngineIoPaths.Normalize(request.Path);
        var application = _services.GetKeyedService<IEngineIoApplication>(path);
        if (application is null)
        {
            Log.NoApplication(_logger, path);
            DeactivateOnIdle();
            return new OpenResult(null, EngineIoErrorCode.BadRequest);
        }

        _phase = Phase.Open;
        _scheduler = TaskScheduler.Current;
        _path = path;
        _application = application;
        _socket = new SessionSocket(this, request.Handshake);
        _onWebSocket = request.WebSocket != Guid.Empty;
        _webSocket = request.WebSocket;
        StartHeartbeat();
        Log.Opened(_logger, Sid, TransportName, path);

        var openPacket = OpenPacketJson();
        await RunApplication(nameof(IEngineIoApplication.OnOpenAsync), (app, socket) => app.OnOpenAsync(socket));
        return new OpenResult(openPacket, null);
    }

    public Task<bool> Send(EngineIoMessage[] messages)
    {
        Expire();
        var sent = _phase == Phase.Open;
        foreach (var message in messages)
        {
            sent &= EnqueueMessage(message);
        }

        DeactivateIfUnknown();
        return Task.FromResult(sent);
    }

    public Task Deliver(EngineIoMessage[] messages) => Send(messages);

    public Task Close()
    {
        Expire();
        BeginServerClose();
        DeactivateIfUnknown();
        return Task.CompletedTask;
    }

    public async Task<object?> Control(object command)
    {
        Expire();
        if (_phase != Phase.Open)
        {
            DeactivateIfUnknown();
            return null;
        }

        return await _application!.OnControlAsync(_socket!, command);
    }

    public Task<SessionSnapshot> Describe()
    {
        DeactivateIfUnknown();
        return Task.FromResult(new SessionSnapshot(_phase.ToString(), TransportName, _upgrade.ToString(), _pendingPoll != Guid.Empty, _outbox.Count, RuntimeIdentity, _waitingCalls));
    }

    internal void EnsureInContext()
    {
        if (!ReferenceEquals(TaskScheduler.Current, _scheduler))
        {
            throw new InvalidOperationException(
                "IEngineIoSocket may only be used inside the application's handlers; use IEngineIoSessions to reach a session from elsewhere.");
        }
    }

    internal bool EnqueueMessage(EngineIoMessage message)
        => Enqueue(message.IsBinary ? EnginePacket.Message(message.Data!) : EnginePacket.Message(message.Text ?? string.Empty));

    private bool Enqueue(in EnginePacket packet)
    {
        if (_phase != Phase.Open)
        {
            return false;
        }

        if (!_outbox.TryAdd(packet))
        {
            CloseNow("buffer overflow", clientClosed: false);
            Log.ClientError(_logger, _path, "buffer overflow");
            return false;
        }

        _signal.Pulse();
        return true;
    }

    /// <summary>Server-initiated close: what is queued is delivered first, then the close.</summary>
    internal void BeginServerClose(string reason = "forced close")
    {
        if (_phase != Phase.Open)
        {
            return;
        }

        _phase = Phase.Closing;
        _serverCloseReason = reason;
        _outbox.AddFinal(EnginePacket.Close);
        _closingDeadline = Now + _options.PingInterval + _options.PingTimeout;
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

    /// <summary>See <see cref="IEngineIoSocket.WhenDrainedAsync"/>.</summary>
    internal Task WhenDrainedAsync()
    {
        if (_outbox.IsEmpty || _phase == Phase.Closed)
        {
            return Task.CompletedTask;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _drainWaiters.Add((_outbox.Added, waiter));
        return waiter.Task;
    }

    /// <summary>
    /// A transport asks for more: whatever earlier takes handed out has been written, so waiters whose
    /// packets were all among them are released (a poll answer may carry only part of the queue).
    /// </summary>
    private void OnTransportReady()
    {
        if (_drainWaiters.Count == 0)
        {
            return;
        }

        _drainWaiters.RemoveAll(w =>
        {
            var drained = w.Packets <= _outbox.Taken;
            if (drained)
            {
                w.Waiter.TrySetResult();
            }

            return drained;
        });
    }

    /// <summary>
    /// Takes what one answer carries: everything for a WebSocket pull, at most <c>MaxHttpBufferSize</c> bytes for a
    /// poll (the rest waits for the next GET). Handing out the final close packet completes a server close.
    /// </summary>
    private EnginePacket[] TakeOutbox(bool polling)
    {
        var packets = polling ? _outbox.TakePayload(_options.MaxHttpBufferSize) : _outbox.TakeAll();
        if (_phase == Phase.Closing && packets.Length > 0 && packets[^1].Type == EnginePacketType.Close)
        {
            CloseNow(_serverCloseReason, clientClosed: false);
        }

        return packets;
    }

    /// <summary>
    /// The one cleanup path: every way a session ends comes through here. A pending poll gets its last
    /// packet (noop when the client closed, close otherwise); waiting pulls wake and see the session closed.
    /// </summary>
    private void CloseNow(string reason, bool clientClosed)
    {
        if (!IsOpenOrClosing)
        {
            return;
        }

        _phase = Phase.Closed;
        _closeReason = reason;
        if (_pendingPoll != Guid.Empty)
        {
            _finalPoll = (_pendingPoll, clientClosed ? EnginePacket.Noop : EnginePacket.Close);
            _pendingPoll = Guid.Empty;
        }

        _outbox.Clear();
        _candidate = Guid.Empty;
        foreach (var (_, waiter) in _drainWaiters)
        {
            waiter.TrySetResult();
        }

        _drainWaiters.Clear();
        StopHeartbeat();
        _signal.Pulse();
        Log.Closed(_logger, Sid, reason);
        foreach (var (handler, count) in _failures.Repeated())
        {
            Log.ApplicationFailuresRepeated(_logger, _path, handler, count);
        }

        _ = NotifyClosedAsync(reason);
    }

    private async Task NotifyClosedAsync(string reason)
    {
        await RunApplication(nameof(IEngineIoApplication.OnCloseAsync), (app, socket) => app.OnCloseAsync(socket, reason));
        await Task.Delay(ClosedRetention);
        DeactivateOnIdle();
    }

    private async Task HandleAsync(EnginePacket[] packets, int start = 0)
    {
        for (var i = start; i < packets.Length && _phase == Phase.Open; i++)
        {
            var packet = packets[i];
            switch (packet.Type)
            {
                case EnginePacketType.Pong:
                    OnPong();
                    break;
                case EnginePacketType.Message:
                    var message = packet.IsBinary ? EngineIoMessage.FromBinary(packet.Binary!) : EngineIoMessage.FromText(packet.Text ?? string.Empty);
                    await RunApplication(nameof(IEngineIoApplication.OnMessageAsync), (app, socket) => app.OnMessageAsync(socket, message));
                    break;
                case EnginePacketType.Close:
                    CloseNow("transport close", clientClosed: true);
                    break;
                default:
                    // Other packet types from a client (open, noop, a stray ping or upgrade) carry nothing to act on.
                    break;
            }
        }
    }

    private async Task RunApplication(string handler, Func<IEngineIoApplication, IEngineIoSocket, Task> call)
    {
        try
        {
            await call(_application!, _socket!);
        }
        catch (Exception exception)
        {
            ApplicationFailed(handler, exception);
        }
    }

    /// <summary>An application that throws on every message is logged once per session, and counted.</summary>
    private void ApplicationFailed(string handler, Exception exception)
    {
        if (_failures.First(handler))
        {
            Log.ApplicationFailed(_logger, exception, _path, handler);
        }
    }

    /// <summary>A request for a sid nobody opened activates an empty grain: answer, then let it go.</summary>
    private void DeactivateIfUnknown()
    {
        if (_phase == Phase.New)
        {
            DeactivateOnIdle();
        }
    }

    private string OpenPacketJson()
    {
        var upgrades = !_onWebSocket && _options.AllowUpgrades && _options.IsTransportAllowed("websocket") ? "[\"websocket\"]" : "[]";
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
