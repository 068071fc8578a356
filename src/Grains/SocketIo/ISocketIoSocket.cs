namespace OrleansEio.SocketIo;

/// <summary>
/// One client's connection to one namespace, as socket.io's server-side <c>Socket</c>. It lives in the
/// session grain; use it inside handlers. From elsewhere, reach sockets through <see cref="ISocketIoServer"/>.
/// </summary>
public interface ISocketIoSocket
{
    /// <summary>The Socket.IO id of this connection (not the Engine.IO session id).</summary>
    string Id { get; }

    /// <summary>The Engine.IO session that carries this socket.</summary>
    string SessionId { get; }

    /// <summary>The namespace this socket is connected to, e.g. <c>/</c> or <c>/chat</c>.</summary>
    string Namespace { get; }

    /// <summary>What the client connected with: the CONNECT's auth payload and the session's HTTP handshake.</summary>
    SocketIoHandshake Handshake { get; }

    /// <summary>Per-socket state, as socket.io's <c>socket.data</c>.</summary>
    IDictionary<string, object?> Data { get; }

    /// <summary>The rooms this socket is in, its own id included; empty once it has left (also inside <see cref="OnDisconnect"/> handlers).</summary>
    IReadOnlyCollection<string> Rooms { get; }

    /// <summary>False while the namespace's middleware runs (as in socket.io), true once accepted, false again once it has left.</summary>
    bool Connected { get; }

    /// <summary>
    /// True when the connection handlers run for a socket that was already connected and moved here with its
    /// session (its silo shut down gracefully), as socket.io's <c>socket.recovered</c>: same id, rooms and
    /// <see cref="Data"/> (values restored from JSON: strings, numbers, booleans as such, the rest as JsonElement).
    /// </summary>
    bool Recovered { get; }

    /// <summary>False while the namespace's middleware runs and once the socket has left (socket.io's <c>socket.disconnected</c>): <c>!Connected</c>.</summary>
    bool Disconnected { get; }

    /// <summary>
    /// Handles an event; <see cref="SocketIoEvent.Ack"/> is set when the client expects an answer. A handler that
    /// throws fails alone: the client gets no ack (as with socket.io), the session goes on, the failure is logged once.
    /// Reserved names (<c>disconnect</c>, <c>disconnecting</c>, <c>connect</c>, ...) throw <see cref="ArgumentException"/>:
    /// no client can send them (the parsers refuse them); use <see cref="OnDisconnect"/> or <see cref="OnDisconnecting"/>.
    /// </summary>
    ISocketIoSocket On(string eventName, Func<SocketIoEvent, Task> handler);

    /// <summary>Handles an event synchronously; as <see cref="On(string, Func{SocketIoEvent, Task})"/>.</summary>
    ISocketIoSocket On(string eventName, Action<SocketIoEvent> handler);

    /// <summary>Handles an event with one typed argument (the first; default when missing) and the optional ack; as <see cref="On(string, Func{SocketIoEvent, Task})"/>.</summary>
    ISocketIoSocket On<T>(string eventName, Func<T?, SocketIoAck?, Task> handler);

    /// <summary>Handles the next occurrence of an event only (socket.io's <c>socket.once</c>): the handler is removed before it runs.</summary>
    ISocketIoSocket Once(string eventName, Func<SocketIoEvent, Task> handler);

    /// <summary>As <see cref="Once(string, Func{SocketIoEvent, Task})"/>, synchronously.</summary>
    ISocketIoSocket Once(string eventName, Action<SocketIoEvent> handler);

    /// <summary>As <see cref="Once(string, Func{SocketIoEvent, Task})"/>, with one typed argument and the optional ack.</summary>
    ISocketIoSocket Once<T>(string eventName, Func<T?, SocketIoAck?, Task> handler);

    /// <summary>
    /// Removes a handler (socket.io's <c>socket.off</c> / <c>removeListener</c>): the last registration of exactly the
    /// delegate given to <c>On</c>, <c>Once</c>, <see cref="OnDisconnecting"/>, <see cref="OnDisconnect"/> or
    /// <see cref="OnError"/> (for those, name them <c>disconnecting</c>, <c>disconnect</c>, <c>error</c>); with no
    /// handler, every handler of that name. Removing what is not registered does nothing.
    /// </summary>
    ISocketIoSocket Off(string eventName, Delegate? handler = null);

    /// <summary>
    /// Removes every handler of <paramref name="eventName"/>, or, without a name, of every event and of
    /// <see cref="OnDisconnecting"/>, <see cref="OnDisconnect"/> and <see cref="OnError"/> (socket.io's
    /// <c>removeAllListeners</c>). Any-listeners and <see cref="Use"/> middleware stay, as in socket.io.
    /// </summary>
    ISocketIoSocket RemoveAllListeners(string? eventName = null);

    /// <summary>The handlers of a name, in the order they run, as they were given (socket.io's <c>socket.listeners</c>).</summary>
    IReadOnlyList<Delegate> Listeners(string eventName);

    /// <summary>
    /// The names that have handlers, in the order they were first registered (socket.io's <c>socket.eventNames</c>):
    /// events, and <c>disconnecting</c>, <c>disconnect</c>, <c>error</c> for the lifecycle and error handlers.
    /// </summary>
    IReadOnlyList<string> EventNames();

    /// <summary>As <see cref="On(string, Func{SocketIoEvent, Task})"/>, before the handlers of that event already registered (socket.io's <c>prependListener</c>).</summary>
    ISocketIoSocket PrependListener(string eventName, Func<SocketIoEvent, Task> handler);

    /// <summary>As <see cref="Once(string, Func{SocketIoEvent, Task})"/>, before the handlers of that event already registered (socket.io's <c>prependOnceListener</c>).</summary>
    ISocketIoSocket PrependOnceListener(string eventName, Func<SocketIoEvent, Task> handler);

    /// <summary>
    /// Runs for every event the client sends, before per-packet middleware and the event's own handlers, also for events
    /// nobody handles (socket.io's <c>socket.onAny</c>); <see cref="SocketIoEvent.Name"/> says which. Runs within the
    /// session's handler budget, as an event handler.
    /// </summary>
    ISocketIoSocket OnAny(Func<SocketIoEvent, Task> listener);

    /// <summary>As <see cref="OnAny"/>, before the any-listeners already registered (socket.io's <c>prependAny</c>).</summary>
    ISocketIoSocket PrependAny(Func<SocketIoEvent, Task> listener);

    /// <summary>Removes the first registration of <paramref name="listener"/>, or every any-listener when null (socket.io's <c>offAny</c>).</summary>
    ISocketIoSocket OffAny(Func<SocketIoEvent, Task>? listener = null);

    /// <summary>The any-listeners, in the order they run (socket.io's <c>listenersAny</c>).</summary>
    IReadOnlyList<Func<SocketIoEvent, Task>> ListenersAny();

    /// <summary>
    /// Runs for every event sent to this client, before it is queued (socket.io's <c>socket.onAnyOutgoing</c>): this
    /// socket's emits (volatile ones too, even when dropped) and the broadcasts it receives, never acks. The
    /// listener gets the event's name and its arguments as the client will read them (JSON, binary as attachments).
    /// Broadcasts are decoded for this only when a listener exists.
    /// </summary>
    ISocketIoSocket OnAnyOutgoing(Func<string, SocketIoArgs, Task> listener);

    /// <summary>As <see cref="OnAnyOutgoing"/>, before the outgoing listeners already registered.</summary>
    ISocketIoSocket PrependAnyOutgoing(Func<string, SocketIoArgs, Task> listener);

    /// <summary>Removes the first registration of <paramref name="listener"/>, or every outgoing listener when null.</summary>
    ISocketIoSocket OffAnyOutgoing(Func<string, SocketIoArgs, Task>? listener = null);

    /// <summary>The outgoing listeners, in the order they run.</summary>
    IReadOnlyList<Func<string, SocketIoArgs, Task>> ListenersAnyOutgoing();

    /// <summary>
    /// Per-packet middleware (socket.io's <c>socket.use</c>): runs, in registration order, for every event the client
    /// sends, after the any-listeners and before the event's handlers, which start once the chain has returned having
    /// called <c>next</c> all the way. A middleware that returns without calling <c>next</c> drops the event silently;
    /// one that throws (socket.io: <c>next(err)</c>) drops it and hands the exception to the <see cref="OnError"/>
    /// handlers (logged once when there are none). The chain runs within the session's handler budget.
    /// </summary>
    ISocketIoSocket Use(Func<SocketIoEvent, Func<Task>, Task> middleware);

    /// <summary>
    /// Runs when the socket is about to leave (socket.io's <c>disconnecting</c> event), with the reason: <see cref="Rooms"/>
    /// still lists its rooms and <see cref="Connected"/> is still true until the handler's first <c>await</c>; then the
    /// socket leaves its rooms and the <see cref="OnDisconnect"/> handlers run.
    /// </summary>
    ISocketIoSocket OnDisconnecting(Func<string, Task> handler);

    /// <summary>
    /// Handles disconnection, with the reason (see <see cref="SocketIoDisconnectReasons"/>), once the socket has left
    /// its rooms (<see cref="Rooms"/> is empty; read them in <see cref="OnDisconnecting"/>).
    /// </summary>
    ISocketIoSocket OnDisconnect(Func<string, Task> handler);

    /// <summary>
    /// Handles socket.io's <c>error</c> event: an exception thrown by per-packet middleware (<see cref="Use"/>), or a
    /// <see cref="FormatException"/> for a packet of the session that the parser refused (the session then closes with
    /// <c>parse error</c>). A client event named "error" is an ordinary event: <c>On("error", ...)</c> handles it.
    /// </summary>
    ISocketIoSocket OnError(Func<Exception, Task> handler);

    /// <summary>
    /// Sends an event to this client. <c>byte[]</c> arguments travel as binary; a <see cref="SocketIoArgs"/> argument is spread.
    /// A null, empty or reserved event name throws <see cref="ArgumentException"/>, as socket.io throws.
    /// </summary>
    void Emit(string eventName, params object?[] args);

    /// <summary>
    /// Sends an event and waits for the client's acknowledgement; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// Throws <see cref="SocketIoLimitExceededException"/> at once when <see cref="SocketIoOptions.MaxPendingAcks"/> acks are already awaited.
    /// </summary>
    Task<SocketIoArgs> EmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] args);

    /// <summary>Sends a <c>message</c> event (socket.io's <c>socket.send</c> and <c>socket.write</c>).</summary>
    void Send(params object?[] args);

    /// <summary>
    /// Emits that are dropped when the transport cannot write at once (socket.io's <c>socket.volatile</c>; see
    /// <see cref="IEngineIoSocket.Writable"/>): for data a client may miss, such as positions that the next one replaces.
    /// </summary>
    ISocketIoEmitter Volatile { get; }

    /// <summary>
    /// Emits with the compress flag (socket.io's <c>socket.compress</c>). Accepted and carried for when WebSocket
    /// per-message deflate and polling compression exist; until then nothing is compressed either way.
    /// </summary>
    ISocketIoEmitter Compress(bool compress);

    /// <summary>
    /// Emits whose acknowledgement is awaited at most <paramref name="timeout"/> (socket.io's <c>socket.timeout(ms)</c>):
    /// <c>await socket.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("question", x)</c>. A negative timeout other
    /// than <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    ISocketIoEmitter Timeout(TimeSpan timeout);

    /// <summary>
    /// Joins a room of this namespace, cluster-wide. A null, empty or too long room (<see cref="SocketIoOptions.MaxRoomNameLength"/>)
    /// throws <see cref="ArgumentException"/>; a socket already in <see cref="SocketIoOptions.MaxRoomsPerSocket"/> rooms
    /// throws <see cref="SocketIoLimitExceededException"/>. Both throw in the caller's handler and change nothing.
    /// </summary>
    Task JoinAsync(string room);

    /// <summary>
    /// Leaves a room of this namespace, cluster-wide; leaving a room the socket is not in does nothing. A null, empty or too long
    /// room throws <see cref="ArgumentException"/>.
    /// </summary>
    Task LeaveAsync(string room);

    /// <summary>Everyone in <paramref name="room"/> except this socket.</summary>
    ISocketIoBroadcast To(string room);

    /// <summary>Same as <see cref="To"/> (socket.io's <c>socket.in</c>).</summary>
    ISocketIoBroadcast In(string room);

    /// <summary>Everyone in the namespace on this silo except this socket (socket.io's <c>socket.local</c>); see <see cref="ISocketIoBroadcast.Local"/>.</summary>
    ISocketIoBroadcast Local { get; }

    /// <summary>Everyone in the namespace except this socket.</summary>
    ISocketIoBroadcast Broadcast { get; }

    /// <summary>The whole namespace, this socket included (socket.io's <c>socket.nsp</c>).</summary>
    ISocketIoBroadcast Nsp { get; }

    /// <summary>Disconnects from this namespace; with <paramref name="close"/>, closes the whole session.</summary>
    void Disconnect(bool close = false);
}
