using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>
/// The socket's listeners (<see cref="SocketIoListeners"/>) and the path of an event through them, in socket.io's
/// order: any-listeners, then the per-packet middleware chain, then the event's handlers. Outgoing listeners see this
/// socket's emits and the broadcasts it receives, decoded only when one exists.
/// </summary>
internal sealed partial class SocketIoSocket
{
    private readonly SocketIoListeners _listeners = new();

    /// <summary>Broadcasts to this socket are decoded for its outgoing listeners only when this is true.</summary>
    internal bool HasOutgoingListeners => _listeners.HasAnyOutgoing;

    public ISocketIoSocket On(string eventName, Func<SocketIoEvent, Task> handler) => AddEvent(eventName, handler, handler, once: false);

    public ISocketIoSocket On(string eventName, Action<SocketIoEvent> handler) => AddEvent(eventName, handler, Wrap(handler), once: false);

    public ISocketIoSocket On<T>(string eventName, Func<T?, SocketIoAck?, Task> handler) => AddEvent(eventName, handler, Wrap(handler), once: false);

    public ISocketIoSocket Once(string eventName, Func<SocketIoEvent, Task> handler) => AddEvent(eventName, handler, handler, once: true);

    public ISocketIoSocket Once(string eventName, Action<SocketIoEvent> handler) => AddEvent(eventName, handler, Wrap(handler), once: true);

    public ISocketIoSocket Once<T>(string eventName, Func<T?, SocketIoAck?, Task> handler) => AddEvent(eventName, handler, Wrap(handler), once: true);

    public ISocketIoSocket Off(string eventName, Delegate? handler = null)
    {
        _listeners.Remove(SocketIoGuard.ListenerName(eventName), handler);
        return this;
    }

    public ISocketIoSocket RemoveAllListeners(string? eventName = null)
    {
        if (eventName is null)
        {
            _listeners.RemoveAll();
        }
        else
        {
            _listeners.Remove(SocketIoGuard.ListenerName(eventName), null);
        }

        return this;
    }

    public IReadOnlyList<Delegate> Listeners(string eventName) => _listeners.Of(SocketIoGuard.ListenerName(eventName));

    public IReadOnlyList<string> EventNames() => _listeners.Names();

    public ISocketIoSocket PrependListener(string eventName, Func<SocketIoEvent, Task> handler) => AddEvent(eventName, handler, handler, once: false, prepend: true);

    public ISocketIoSocket PrependOnceListener(string eventName, Func<SocketIoEvent, Task> handler) => AddEvent(eventName, handler, handler, once: true, prepend: true);

    public ISocketIoSocket OnAny(Func<SocketIoEvent, Task> listener)
    {
        _listeners.AddAny(Checked(listener), prepend: false);
        return this;
    }

    public ISocketIoSocket PrependAny(Func<SocketIoEvent, Task> listener)
    {
        _listeners.AddAny(Checked(listener), prepend: true);
        return this;
    }

    public ISocketIoSocket OffAny(Func<SocketIoEvent, Task>? listener = null)
    {
        _listeners.RemoveAny(listener);
        return this;
    }

    public IReadOnlyList<Func<SocketIoEvent, Task>> ListenersAny() => _listeners.Any();

    public ISocketIoSocket OnAnyOutgoing(Func<string, SocketIoArgs, Task> listener)
    {
        _listeners.AddAnyOutgoing(Checked(listener), prepend: false);
        return this;
    }

    public ISocketIoSocket PrependAnyOutgoing(Func<string, SocketIoArgs, Task> listener)
    {
        _listeners.AddAnyOutgoing(Checked(listener), prepend: true);
        return this;
    }

    public ISocketIoSocket OffAnyOutgoing(Func<string, SocketIoArgs, Task>? listener = null)
    {
        _listeners.RemoveAnyOutgoing(listener);
        return this;
    }

    public IReadOnlyList<Func<string, SocketIoArgs, Task>> ListenersAnyOutgoing() => _listeners.AnyOutgoing();

    public ISocketIoSocket Use(Func<SocketIoEvent, Func<Task>, Task> middleware)
    {
        _listeners.Use(Checked(middleware, nameof(middleware)));
        return this;
    }

    public ISocketIoSocket OnDisconnecting(Func<string, Task> handler)
    {
        _listeners.Add(SocketIoListeners.Disconnecting, Checked(handler, nameof(handler)), handler);
        return this;
    }

    public ISocketIoSocket OnDisconnect(Func<string, Task> handler)
    {
        _listeners.Add(SocketIoListeners.Disconnect, Checked(handler, nameof(handler)), handler);
        return this;
    }

    public ISocketIoSocket OnError(Func<Exception, Task> handler)
    {
        _listeners.Add(SocketIoListeners.Error, Checked(handler, nameof(handler)), handler);
        return this;
    }

    internal void HandleEvent(SocketPacket packet)
    {
        if (!Connected)
        {
            return;
        }

        if (_early is not null)
        {
            // A client may emit as soon as it sees the CONNECT ack; its handlers may not exist yet. What waits is bounded.
            var session = SocketIoSession.Of(engine);
            var bytes = HandlerGate.SizeOf(packet);
            if (session.Handlers.TryHold(bytes))
            {
                _early.Add((packet, bytes));
            }
            else
            {
                server.Overflow(engine, session);
            }

            return;
        }

        // Counted here, once: an event held until the handlers exist passes this way again when they do.
        Interlocked.Increment(ref Counters.EventsIn);
        var array = packet.Data!.Value;
        var name = SocketIoEventName.Of(array[0]);
        if (!_listeners.HasAny && !_listeners.HasMiddleware && !_listeners.HandlesEvent(name))
        {
            // Nobody listens: nothing is built.
            return;
        }

        var args = SocketIoArgs.FromArray(array, 1, packet.Attachments);
        var ack = packet.Id is { } ackId
            ? new SocketIoAck(values =>
            {
                if (Connected)
                {
                    Interlocked.Increment(ref Counters.AcksSent);
                    Send(SocketIoEncoder.Ack(server.Parser, Namespace, ackId, values ?? [null]));
                }
            })
            : null;
        var received = new SocketIoEvent(name, args, ack);
        foreach (var listener in _listeners.Any())
        {
            server.RunHandler(engine, () => listener(received), "any listener");
        }

        if (_listeners.HasMiddleware)
        {
            var chain = _listeners.Middleware();
            server.RunHandler(engine, () => ThroughMiddlewareAsync(chain, received), "middleware");
        }
        else
        {
            RunHandlers(received);
        }
    }

    /// <summary>
    /// socket.io's <c>error</c> event: the error hooks run; without any, <paramref name="logUnhandled"/> says whether the
    /// session's failure log records it (a parse error is logged by the application already).
    /// </summary>
    internal void RaiseError(Exception exception, string what, bool logUnhandled = true)
    {
        var hooks = _listeners.ErrorHooks();
        if (hooks.Length == 0)
        {
            if (logUnhandled)
            {
                server.Failed(engine, what, exception);
            }

            return;
        }

        foreach (var hook in hooks)
        {
            server.Run(engine, () => hook(exception), "error handler");
        }
    }

    /// <summary>A broadcast (or this socket's own emit) on its way to the client, for the outgoing listeners.</summary>
    internal void NotifyOutgoing(SocketPacket packet)
    {
        var array = packet.Data!.Value;
        var name = SocketIoEventName.Of(array[0]);
        var args = SocketIoArgs.FromArray(array, 1, packet.Attachments);
        foreach (var listener in _listeners.AnyOutgoing())
        {
            server.Run(engine, () => listener(name, args), "outgoing listener");
        }
    }

    private void NotifyOutgoing(EngineIoMessage[] messages)
    {
        if (_listeners.HasAnyOutgoing)
        {
            foreach (var packet in server.DecodeEvents(engine, messages))
            {
                NotifyOutgoing(packet);
            }
        }
    }

    private async Task ThroughMiddlewareAsync(Func<SocketIoEvent, Func<Task>, Task>[] chain, SocketIoEvent received)
    {
        bool reached;
        try
        {
            reached = await RunChainAsync(chain, received);
        }
        catch (Exception exception)
        {
            // socket.io's next(err): the event is dropped and the socket hears "error".
            RaiseError(exception, "middleware");
            return;
        }

        // A chain that returned without calling next drops the event, as in socket.io; so does a socket that left meanwhile.
        if (reached && Connected)
        {
            RunHandlers(received);
        }
    }

    /// <summary>True when every middleware called <c>next</c>; a second call of the same <c>next</c> does nothing.</summary>
    private static async Task<bool> RunChainAsync(Func<SocketIoEvent, Func<Task>, Task>[] chain, SocketIoEvent received)
    {
        var reached = false;
        var called = -1;
        await Next(0);
        return reached;

        Task Next(int index)
        {
            if (index <= called)
            {
                return Task.CompletedTask;
            }

            called = index;
            if (index < chain.Length)
            {
                return chain[index](received, () => Next(index + 1));
            }

            reached = true;
            return Task.CompletedTask;
        }
    }

    private void RunHandlers(SocketIoEvent received)
    {
        foreach (var handler in _listeners.TakeEvent(received.Name))
        {
            server.RunHandler(engine, Recovery is null ? () => handler(received) : () => CheckpointAfterAsync(handler(received)), received.Name);
        }
    }

    private SocketIoSocket AddEvent(string eventName, Delegate original, Func<SocketIoEvent, Task> handler, bool once, bool prepend = false)
    {
        SocketIoGuard.HandledEvent(eventName);
        ArgumentNullException.ThrowIfNull(original, "handler");
        _listeners.Add(eventName, original, handler, once, prepend);
        return this;
    }

    private static Func<SocketIoEvent, Task> Wrap(Action<SocketIoEvent> handler) => e =>
    {
        handler(e);
        return Task.CompletedTask;
    };

    private static Func<SocketIoEvent, Task> Wrap<T>(Func<T?, SocketIoAck?, Task> handler)
        => e => handler(e.Args.Count > 0 ? e.Args.Get<T>(0) : default, e.Ack);

    private static T Checked<T>(T listener, string parameter = "listener")
        where T : Delegate
    {
        ArgumentNullException.ThrowIfNull(listener, parameter);
        return listener;
    }
}
