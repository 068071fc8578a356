using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace OrleansEio.Hosting.Web;

/// <summary>
/// Kestrel's limits with defaults for a node on the open internet; any of them can be changed in Kestrel's own
/// configuration section (<c>Kestrel:Limits:MaxConcurrentConnections</c>, <c>Kestrel:Limits:RequestHeadersTimeout</c>,
/// <c>Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond</c>, ...), which is applied over these.
/// </summary>
public static class KestrelLimits
{
    /// <summary>
    /// Sets 100,000 connections (and as many upgraded ones), <paramref name="maxRequestBodySize"/> as the largest request
    /// body, 10 s for request headers, 240 bytes/s after a 5 s grace for bodies and responses, 32 KB and 100 request
    /// headers; then applies <c>Kestrel:Limits</c> from <paramref name="configuration"/> over them. Call it from
    /// <c>builder.WebHost.ConfigureKestrel(...)</c>; give a body limit a little above <c>EngineIo:MaxHttpBufferSize</c>, so
    /// that the Engine.IO endpoint answers an oversized POST with its own 413.
    /// </summary>
    public static void ApplyDefaults(KestrelServerOptions kestrel, IConfiguration configuration, long maxRequestBodySize)
    {
        var limits = kestrel.Limits;

        // Sockets are what a gateway spends: bounded, with room for tens of thousands of clients per node.
        limits.MaxConcurrentConnections = 100_000;
        limits.MaxConcurrentUpgradedConnections = 100_000;

        // A POST body is at most maxHttpBufferSize; the Engine.IO endpoint answers 413 itself, a little above it.
        limits.MaxRequestBodySize = maxRequestBodySize;

        // Slowloris: headers must arrive within 10 s (Kestrel's default is 30 s), bodies and responses at 240
        // bytes/s or more after a 5 s grace; header size and count stay at Kestrel's 32 KB and 100.
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(5));
        limits.MinResponseDataRate = new MinDataRate(240, TimeSpan.FromSeconds(5));
        limits.MaxRequestHeadersTotalSize = 32 * 1024;
        limits.MaxRequestHeaderCount = 100;
        var section = configuration.GetSection("Kestrel:Limits");
        section.Bind(limits);

        // Binding leaves the data rates alone (MinDataRate has no setters): they are read here.
        limits.MinRequestBodyDataRate = DataRate(section.GetSection(nameof(limits.MinRequestBodyDataRate)), limits.MinRequestBodyDataRate!);
        limits.MinResponseDataRate = DataRate(section.GetSection(nameof(limits.MinResponseDataRate)), limits.MinResponseDataRate!);
    }

    private static MinDataRate DataRate(IConfigurationSection section, MinDataRate current)
        => section.Exists()
            ? new MinDataRate(section.GetValue(nameof(MinDataRate.BytesPerSecond), current.BytesPerSecond), section.GetValue(nameof(MinDataRate.GracePeriod), current.GracePeriod))
            : current;
}
