using System.Text.Json;

namespace OrleansEio.SocketIo;

/// <summary>What a socket connected with: the namespace's auth payload and the session's HTTP handshake.</summary>
public sealed class SocketIoHandshake(EngineIoHandshake engine, JsonElement auth)
{
    /// <summary>The CONNECT packet's payload; an empty object when the client sent none.</summary>
    public JsonElement Auth { get; } = auth;

    /// <summary>The query string of the session's handshake request (socket.io's <c>handshake.query</c>).</summary>
    public IReadOnlyDictionary<string, string> Query => engine.Query;

    /// <summary>The headers of the session's handshake request, by lower-case name (socket.io's <c>handshake.headers</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers => engine.Headers;

    /// <summary>The client's IP address as the gateway saw it; null when unknown.</summary>
    public string? Address => engine.RemoteAddress;

    /// <summary>Whether the handshake came over HTTPS.</summary>
    public bool Secure => engine.Secure;

    /// <summary>When the gateway received the session's handshake (not this namespace's CONNECT).</summary>
    public DateTimeOffset Issued => engine.Issued;
}
