namespace OrleansEio;

/// <summary>
/// Engine.IO server options, bound from the <c>EngineIo</c> configuration section. Every node of a
/// cluster must read the same values: the session grain decides timings and limits, the gateway
/// enforces the HTTP-level ones (body size, CORS, cookie, transports).
/// </summary>
public sealed class EngineIoOptions
{
    /// <summary>The configuration section the options are bound from: <c>EngineIo</c>.</summary>
    public const string SectionName = "EngineIo";

    /// <summary>How often the server pings (Engine.IO default 25 s).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long the server waits for a pong before closing the session (default 20 s).</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a started upgrade may take before it is abandoned (default 10 s).</summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest a pending GET or WebSocket pull waits inside the session grain before it is re-issued. Keep it
    /// below the cluster's response timeout: a call lost with a dead node is then noticed and re-issued quickly.
    /// </summary>
    public TimeSpan LongPollSegment { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// On graceful silo shutdown, how long the silo waits for its sessions to move to other silos before it
    /// leaves the cluster anyway.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest POST body or WebSocket message in bytes (advertised as <c>maxPayload</c>; default 1,000,000): a larger POST gets
    /// 413, a larger WebSocket message closes the session (<c>message too big</c>). Also the most bytes of packets one poll answer
    /// carries; the rest waits for the next GET.
    /// </summary>
    public int MaxHttpBufferSize { get; set; } = 1_000_000;

    /// <summary>
    /// Allowed transports (<c>polling</c>, <c>websocket</c>); empty allows both. Empty by default because
    /// configuration binding appends to a pre-filled array instead of replacing it.
    /// </summary>
    public string[] Transports { get; set; } = [];

    /// <summary>Whether a polling session may upgrade to WebSocket (default true); false advertises none on the handshake and refuses them.</summary>
    public bool AllowUpgrades { get; set; } = true;

    /// <summary>Most packets accepted in one long-polling POST (default 10,000); more gets 400 <c>Bad request</c>.</summary>
    public int MaxPacketsPerPayload { get; set; } = 10_000;

    /// <summary>Most bytes (exact UTF-8) a session may hold queued for its client (default 16 MiB); one more closes the session (<c>buffer overflow</c>).</summary>
    public long MaxBufferedBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Keys (base64, 32 bytes or more) that sign and verify sids, shared by every gateway of a cluster: the first
    /// signs, all verify (rotation). Empty: an embedded single process makes a random key at start; a gateway that
    /// shares sessions with other nodes refuses to start without one.
    /// </summary>
    public string[] SessionIdKeys { get; set; } = [];

    /// <summary>Most sessions open at once on one silo, all clients together; a handshake beyond is refused (403).</summary>
    public int MaxOpenSessions { get; set; } = 100_000;

    /// <summary>
    /// Most sessions open at once on one silo for one client address (after forwarded headers from known proxies);
    /// a handshake beyond is refused (403). High, so that a corporate NAT of thousands of users still connects.
    /// </summary>
    public int MaxOpenSessionsPerAddress { get; set; } = 10_000;

    /// <summary>Most request headers a handshake hands to the session (and the application); the rest are dropped.</summary>
    public int MaxHandshakeHeaders { get; set; } = 32;

    /// <summary>Most bytes of header names and values a handshake hands to the session; headers past it are dropped.</summary>
    public int MaxHandshakeHeaderBytes { get; set; } = 8 * 1024;

    /// <summary>CORS for browsers on other origins (<c>EngineIo:Cors</c>); by default no CORS headers are sent.</summary>
    public EngineIoCorsOptions Cors { get; set; } = new();

    /// <summary>The sid cookie set on the handshake (<c>EngineIo:Cookie</c>); by default none.</summary>
    public EngineIoCookieOptions Cookie { get; set; } = new();

    /// <summary>
    /// Called on every handshake before a session is created (origin checks, authentication).
    /// Not bindable from configuration; set it in code.
    /// </summary>
    public Func<EngineIoHandshake, ValueTask<HandshakeVerdict>>? AllowRequest { get; set; }

    /// <summary>Whether <paramref name="transport"/> (<c>polling</c> or <c>websocket</c>) is in <see cref="Transports"/>, or <see cref="Transports"/> is empty.</summary>
    public bool IsTransportAllowed(string transport) => Transports.Length == 0 || Array.IndexOf(Transports, transport) >= 0;
}

/// <summary>CORS of the Engine.IO endpoints, bound from <c>EngineIo:Cors</c> (socket.io's <c>cors</c> option).</summary>
public sealed class EngineIoCorsOptions
{
    /// <summary>
    /// Allowed origins: exact (<c>https://app.example.com</c>), subdomain wildcards (<c>https://*.example.com</c>) or
    /// <c>*</c> for any. Empty: no CORS headers are sent and WebSocket handshakes are not checked. Otherwise a
    /// WebSocket handshake whose <c>Origin</c> is not allowed is refused (403).
    /// </summary>
    public string[] Origins { get; set; } = [];

    /// <summary>Whether to send <c>Access-Control-Allow-Credentials: true</c> (the origin is echoed). Not with <c>*</c>.</summary>
    public bool Credentials { get; set; }

    /// <summary>Response headers a browser script may read (<c>Access-Control-Expose-Headers</c>).</summary>
    public string[] ExposedHeaders { get; set; } = [];

    /// <summary>How long a browser may cache a preflight answer (<c>Access-Control-Max-Age</c>); null: not sent.</summary>
    public TimeSpan? MaxAge { get; set; }
}

/// <summary>The cookie that carries the sid, bound from <c>EngineIo:Cookie</c> (engine.io's <c>cookie</c> option), for load balancers that route by cookie.</summary>
public sealed class EngineIoCookieOptions
{
    /// <summary>Cookie that carries the sid after the handshake (like engine.io's <c>cookie</c> option). Null: no cookie.</summary>
    public string? Name { get; set; }

    /// <summary>The cookie's <c>Path</c>; <c>/</c> by default.</summary>
    public string Path { get; set; } = "/";

    /// <summary>Whether the cookie is <c>HttpOnly</c> (hidden from scripts); true by default.</summary>
    public bool HttpOnly { get; set; } = true;

    /// <summary>The cookie's <c>SameSite</c>: <c>Lax</c> (the default), <c>Strict</c> or <c>None</c> (which browsers accept only with <see cref="Secure"/>); start-up validation refuses any other value.</summary>
    public string SameSite { get; set; } = "Lax";

    /// <summary>Sent only over HTTPS (<c>Secure</c>).</summary>
    public bool Secure { get; set; }
}

/// <summary>The answer of <see cref="EngineIoOptions.AllowRequest"/>.</summary>
/// <param name="Allowed">Whether the handshake may open a session.</param>
/// <param name="Message">For a refusal, the <c>message</c> of the 403 answer's <c>{code: 4, message}</c>; null sends <c>Forbidden</c>.</param>
public readonly record struct HandshakeVerdict(bool Allowed, string? Message)
{
    /// <summary>Opens the session.</summary>
    public static HandshakeVerdict Accept => new(true, null);

    /// <summary>Refuses the handshake with 403 <c>{code: 4, message}</c>; <paramref name="message"/> null sends <c>Forbidden</c>.</summary>
    public static HandshakeVerdict Reject(string? message = null) => new(false, message);
}
