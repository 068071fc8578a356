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

    /// <summary>
    /// Handles an event; <see cref="SocketIoEvent.Ack"/> is set when the client expects an answer. A handler that
    /// throws fails alone: the client gets no ack (as with socket.io), the session goes on, the failure is logged once.
    /// Reserved names (<c>disconnect</c>, <c>connect</c>, ...) throw <see cref="ArgumentException"/>: no client can send them; use <see cref="OnDisconnect"/>.
    /// </summary>
    ISocketIoSocket On(string eventName, Func<SocketIoEvent, Task> handler);

    /// <summary>Handles disconnection, with the reason (see <see cref="SocketIoDisconnectReasons"/>).</summary>
    ISocketIoSocket OnDisconnect(Func<string, Task> handler);

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

    /// <summary>Everyone in the namespace except this socket.</summary>
    ISocketIoBroadcast Broadcast { get; }

    /// <summary>The whole namespace, this socket included (socket.io's <c>socket.nsp</c>).</summary>
    ISocketIoBroadcast Nsp { get; }

    /// <summary>Disconnects from this namespace; with <paramref name="close"/>, closes the whole session.</summary>
    void Disconnect(bool close = false);
}

/// <summary>Shorter ways to register event handlers on an <see cref="ISocketIoSocket"/>.</summary>
public static class SocketIoSocketExtensions
{
    /// <summary>Handles an event with one typed argument and the optional ack.</summary>
    public static ISocketIoSocket On<T>(this ISocketIoSocket socket, string eventName, Func<T?, SocketIoAck?, Task> handler)
        => socket.On(eventName, e => handler(e.Args.Count > 0 ? e.Args.Get<T>(0) : default, e.Ack));

    /// <summary>Handles an event with a handler that does not await: it runs to completion before the socket's next event.</summary>
    public static ISocketIoSocket On(this ISocketIoSocket socket, string eventName, Action<SocketIoEvent> handler)
        => socket.On(eventName, e =>
        {
            handler(e);
            return Task.CompletedTask;
        });
}
