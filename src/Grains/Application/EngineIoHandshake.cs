namespace OrleansEio;

/// <summary>What the client sent on the handshake request; kept by the session for its whole life.</summary>
/// <param name="Path">The endpoint path, normalized (<c>/socket.io</c>: a leading <c>/</c>, no trailing one).</param>
/// <param name="Query">The query string; a parameter given several times holds its values joined by commas.</param>
/// <param name="Headers">The request headers, by lower-case name (looked up case-insensitively); repeated values joined by commas.</param>
/// <param name="RemoteAddress">The client's IP address as the gateway saw it (a proxy's address unless forwarded headers are applied); null when unknown.</param>
/// <param name="Secure">Whether the handshake came over HTTPS.</param>
/// <param name="Issued">When the gateway received the handshake.</param>
[GenerateSerializer, Immutable, Alias("OrleansEio.EngineIoHandshake")]
public sealed record EngineIoHandshake(
    [property: Id(0)] string Path,
    [property: Id(1)] Dictionary<string, string> Query,
    [property: Id(2)] Dictionary<string, string> Headers,
    [property: Id(3)] string? RemoteAddress,
    [property: Id(4)] bool Secure,
    [property: Id(5)] DateTimeOffset Issued)
{
    /// <summary>The <c>Origin</c> header, or null when the client sent none (non-browser clients).</summary>
    public string? Origin => Headers.TryGetValue("origin", out var origin) ? origin : null;
}
