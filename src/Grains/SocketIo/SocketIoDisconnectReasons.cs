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

    /// <summary>Maps an Engine.IO close reason to the reason its sockets hear.</summary>
    internal static string FromEngine(string reason) => reason switch
    {
        "ping timeout" => PingTimeout,
        "transport close" => TransportClose,
        "parse error" => ParseError,
        "forced close" => ForcedServerClose,
        _ => TransportError,
    };
}
