namespace OrleansEio;

/// <summary>
/// The web node's own budgets, bound from the <c>Gateway</c> configuration section (each gateway enforces them
/// for itself; the per-session budgets are in <see cref="EngineIoOptions"/>).
/// </summary>
public sealed class EngineIoGatewayOptions
{
    /// <summary>The configuration section these options are bound from (<c>Gateway</c>); bind it with <c>services.Configure&lt;EngineIoGatewayOptions&gt;(configuration.GetSection(EngineIoGatewayOptions.SectionName))</c>.</summary>
    public const string SectionName = "Gateway";

    /// <summary>
    /// Longest one write to a client may take (a WebSocket frame, a long-poll answer). A client that does not
    /// read for that long is a slow reader: its transport is closed and its session ends (<c>transport error</c>).
    /// </summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a gateway that is an Orleans client reads the cluster's membership (one read of the membership table)
    /// for silos that left. The silos declare a crash within about a second (<c>Cluster:ProbeTimeout</c>); the
    /// transports whose calls it may have taken re-issue them within this interval of that, so the clients of a dead
    /// silo learn it within 2 s. With a membership store billed per read, a longer interval costs that much latency.
    /// </summary>
    public TimeSpan SiloLossCheckInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Handshakes (requests that open a session) this gateway accepts, per client address and in total.</summary>
    public HandshakeRateOptions Handshakes { get; set; } = new();
}

/// <summary>
/// Token buckets for handshakes, enforced with ASP.NET Core's rate limiting; a handshake beyond them gets 429 with
/// <c>Retry-After</c>. The client address is the connection's, or the one a known proxy forwarded.
/// </summary>
public sealed class HandshakeRateOptions
{
    /// <summary>Handshakes per second one client address may sustain (IPv6: one /64).</summary>
    public int PerSecondPerAddress { get; set; } = 100;

    /// <summary>Handshakes one client address may make at once before the per-second rate applies.</summary>
    public int BurstPerAddress { get; set; } = 1_000;

    /// <summary>Handshakes per second this gateway accepts from all addresses together.</summary>
    public int PerSecond { get; set; } = 1_000;

    /// <summary>Handshakes this gateway accepts at once from all addresses together.</summary>
    public int Burst { get; set; } = 2_000;
}
