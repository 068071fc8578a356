using System.Text.Json;

namespace OrleansEio.SocketIo;

/// <summary>What a socket connected with: the namespace's auth payload and the session's HTTP handshake.</summary>
public sealed class SocketIoHandshake(EngineIoHandshake engine, JsonElement auth)
{
    /// <summary>The CONNECT packet's payload; an empty object when the client sent none.</summary>
    public JsonElement Auth { get; } = auth;

    public IReadOnlyDictionary<string, string> Query => engine.Query;

    public IReadOnlyDictionary<string, string> Headers => engine.Headers;

    public string? Address => engine.RemoteAddress;

    public bool Secure => engine.Secure;

    public DateTimeOffset Issued => engine.Issued;
}
