namespace OrleansEio;

/// <summary>What the client sent on the handshake request; kept by the session for its whole life.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.EngineIoHandshake")]
public sealed record EngineIoHandshake(
    [property: Id(0)] string Path,
    [property: Id(1)] Dictionary<string, string> Query,
    [property: Id(2)] Dictionary<string, string> Headers,
    [property: Id(3)] string? RemoteAddress,
    [property: Id(4)] bool Secure,
    [property: Id(5)] DateTimeOffset Issued)
{
    public string? Origin => Headers.TryGetValue("origin", out var origin) ? origin : null;
}
