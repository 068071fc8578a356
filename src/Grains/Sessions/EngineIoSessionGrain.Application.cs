using Microsoft.Extensions.DependencyInjection;
using OrleansEio.Diagnostics;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

/// <summary>The application's side of the session: its handlers, its handle on the session, and drain waiters.</summary>
internal sealed partial class EngineIoSessionGrain
{
    private readonly FailureLog _failures = new();
    private readonly List<(long Packets, TaskCompletionSource Waiter)> _drainWaiters = [];
    private IEngineIoApplication? _application;
    private SessionSocket? _socket;
    private TaskScheduler? _scheduler;

    /// <summary>Finds the application served at <paramref name="path"/>; false (and the activation goes) when none is registered.</summary>
    private bool Attach(string path, EngineIoHandshake handshake)
    {
        _application = _services.GetKeyedService<IEngineIoApplication>(path);
        if (_application is null)
        {
            Log.NoApplication(_logger, path);
            DeactivateOnIdle();
            return false;
        }

        _scheduler = TaskScheduler.Current;
        _socket = new SessionSocket(this, handshake);
        return true;
    }

    public async Task<object?> Control(object command)
        => _life.IsOpen && _application is IEngineIoCommandHandler handler ? await handler.OnControlAsync(_socket!, command) : null;

    public Task Notify(object command) => Control(command);

    internal void EnsureInContext()
    {
        if (!ReferenceEquals(TaskScheduler.Current, _scheduler))
        {
            throw new InvalidOperationException(
                "IEngineIoSocket may only be used inside the application's handlers; use IEngineIoSessions to reach a session from elsewhere.");
        }
    }

    /// <summary>
    /// See <see cref="IEngineIoSocket.Writable"/>: engine.io's transport is writable from the moment it asks for packets
    /// until it is handed some; here, while a GET is pending or the WebSocket's pull waits, and nothing is queued.
    /// </summary>
    internal bool IsWritable
        => _life.IsOpen && !_migrating && _state!.Outbox.IsEmpty
           && (_state.Transport.IsWebSocket ? _socketPullsWaiting > 0 : _state.Poll.IsPending && !_upgrade.IsProbed);

    /// <summary>See <see cref="IEngineIoSocket.WhenDrainedAsync"/>.</summary>
    internal Task WhenDrainedAsync()
    {
        if (_life.IsClosed || _state!.Outbox.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _drainWaiters.Add((_state.Outbox.Added, waiter));
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

        var taken = _state!.Outbox.Taken;
        _drainWaiters.RemoveAll(w =>
        {
            var drained = w.Packets <= taken;
            if (drained)
            {
                w.Waiter.TrySetResult();
            }

            return drained;
        });
    }

    private void ReleaseDrainWaiters()
    {
        foreach (var (_, waiter) in _drainWaiters)
        {
            waiter.TrySetResult();
        }

        _drainWaiters.Clear();
    }

    private async Task NotifyClosedAsync(string reason)
    {
        await RunApplication(nameof(IEngineIoApplication.OnCloseAsync), (app, socket) => app.OnCloseAsync(socket, reason));
        await Task.Delay(ClosedRetention);
        DeactivateOnIdle();
    }

    /// <summary>Hands the client's packets to the application, in order, while the session is open.</summary>
    private async Task HandleAsync(EnginePacket[] packets, int start = 0)
    {
        for (var i = start; i < packets.Length && _life.IsOpen; i++)
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
            Log.ApplicationFailed(_logger, exception, Path, handler);
        }
    }

    private void ReportRepeatedFailures()
    {
        foreach (var (handler, count) in _failures.Repeated())
        {
            Log.ApplicationFailuresRepeated(_logger, Path, handler, count);
        }
    }
}
