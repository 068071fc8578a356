namespace OrleansEio.SocketIo;

/// <summary>Why a socket disconnected; the same strings as socket.io's server.</summary>
public static class SocketIoDisconnectReasons
{
    /// <summary>The server disconnected the socket: <see cref="ISocketIoSocket.Disconnect"/> or <see cref="ISocketIoBroadcast.DisconnectSocketsAsync"/>.</summary>
    public const string ServerNamespaceDisconnect = "server namespace disconnect";

    /// <summary>The client disconnected the socket (<c>socket.disconnect()</c> on the client).</summary>
    public const string ClientNamespaceDisconnect = "client namespace disconnect";

    /// <summary>The client closed the connection, or its WebSocket went away (a lost network, a closed tab).</summary>
    public const string TransportClose = "transport close";

    /// <summary>The transport failed (an aborted poll, a message over <see cref="EngineIoOptions.MaxHttpBufferSize"/>, a full buffer), or the session closed for a reason without a name of its own here.</summary>
    public const string TransportError = "transport error";

    /// <summary>The client did not answer a ping within <see cref="EngineIoOptions.PingTimeout"/>.</summary>
    public const string PingTimeout = "ping timeout";

    /// <summary>The client sent a packet that is not valid Engine.IO or Socket.IO, or crossed a parser budget; the session was closed.</summary>
    public const string ParseError = "parse error";

    /// <summary>
    /// Engine.IO's name for a session the server closed, listed as socket.io lists it; this server reports such a close to the
    /// session's sockets as <see cref="ForcedServerClose"/>.
    /// </summary>
    public const string ForcedClose = "forced close";

    /// <summary>
    /// The server closed the socket's whole session: <c>Disconnect(close: true)</c> of one of its sockets,
    /// <c>DisconnectSocketsAsync(close: true)</c> or <see cref="IEngineIoSessions.CloseAsync"/>.
    /// </summary>
    public const string ForcedServerClose = "forced server close";

    /// <summary>The session did not connect a namespace, or did not collect its CONNECT ack, within <see cref="SocketIoOptions.ConnectTimeout"/>.</summary>
    public const string ConnectTimeout = "connect timeout";

    /// <summary>The session held more received packets than <see cref="SocketIoOptions.MaxPendingEvents"/> or <see cref="SocketIoOptions.MaxPendingEventBytes"/> allow.</summary>
    public const string TooManyPendingEvents = "too many pending events";

    /// <summary>Maps an Engine.IO close reason to the reason its sockets hear.</summary>
    internal static string FromEngine(string reason) => reason switch
    {
        "ping timeout" => PingTimeout,
        "transport close" => TransportClose,
        "parse error" => ParseError,
        "forced close" => ForcedServerClose,
        TooManyPendingEvents => TooManyPendingEvents,
        _ => TransportError,
    };
}
