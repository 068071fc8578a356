namespace OrleansEio.SocketIo;

/// <summary>Why a socket disconnected; the same strings as socket.io's server.</summary>
public static class SocketIoDisconnectReasons
{
    public const string ServerNamespaceDisconnect = "server namespace disconnect";
    public const string ClientNamespaceDisconnect = "client namespace disconnect";
    public const string TransportClose = "transport close";
    public const string TransportError = "transport error";
    public const string PingTimeout = "ping timeout";
    public const string ParseError = "parse error";
    public const string ForcedClose = "forced close";
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
