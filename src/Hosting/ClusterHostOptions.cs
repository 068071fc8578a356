using Microsoft.Extensions.Configuration;

namespace OrleansEio.Hosting;

/// <summary>
/// How a host joins its cluster, bound from the <c>Cluster</c> configuration section (Orleans' own <c>Orleans</c>
/// section is left to Orleans). Every node of a cluster needs the same identity, clustering and timeouts.
/// </summary>
public sealed class ClusterHostOptions
{
    /// <summary>The configuration section these options are bound from (<c>Cluster</c>).</summary>
    public const string SectionName = "Cluster";

    /// <summary>Gateways only: <c>Embedded</c> (co-hosts a silo) or <c>Client</c> (an Orleans client of the silos).</summary>
    public string Mode { get; set; } = "Embedded";

    /// <summary><c>Localhost</c> (one machine, development) or <c>Redis</c> (membership and grain locations in Redis).</summary>
    public string Clustering { get; set; } = "Localhost";

    /// <summary>With <c>Redis</c>: the connection string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>A client without Redis: the silos' gateway endpoints, <c>host:port,host:port</c>.</summary>
    public string? Gateways { get; set; }

    /// <summary>With <c>Redis</c>: the address other silos reach this one at; by default this host's own.</summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>Silos only: Orleans' Kubernetes hosting (pod identity from the downward API).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Silos only: the port silos talk to each other on (default 11111, Orleans' own default).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Silos only: the port Orleans clients (gateways in <c>Client</c> mode) connect to (default 30000).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>With <c>Localhost</c>: the silo port of the cluster's primary silo; by default this silo's.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>Orleans' <c>ServiceId</c>: stays the same across deployments of one service (default <c>orleanseio</c>); must not be empty.</summary>
    public string ServiceId { get; set; } = "orleanseio";

    /// <summary>Orleans' <c>ClusterId</c>: nodes with the same one form one cluster (default <c>orleanseio</c>); must not be empty.</summary>
    public string ClusterId { get; set; } = "orleanseio";

    /// <summary>
    /// Orleans call timeout: above <c>EngineIo:LongPollSegment</c> (a waiting call must come back before it times out),
    /// below the default heartbeat, so no request waits on a dead node longer than a client waits for its next ping.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Failure detection, faster than Orleans' defaults so a killed silo is declared dead within seconds.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Probes a silo may miss before another votes it dead (default 2; Orleans' own is 3).</summary>
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>How often each silo re-reads the membership table (default 5 s), so it learns of dead and new silos without an update being pushed.</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each silo writes its I-am-alive time to the membership table (default 10 s).</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Clients: how often the list of silo gateways is refreshed.</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether <see cref="Mode"/> is <c>Client</c> (any case): the gateway joins as an Orleans client and hosts no silo.</summary>
    public bool IsClient => string.Equals(Mode, "Client", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <see cref="Clustering"/> is <c>Redis</c> (any case).</summary>
    public bool IsRedis => string.Equals(Clustering, "Redis", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <see cref="Clustering"/> is <c>Localhost</c> (any case).</summary>
    public bool IsLocalhost => string.Equals(Clustering, "Localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>The section as it is now, for decisions taken while the host is being built.</summary>
    public static ClusterHostOptions From(IConfiguration configuration)
        => configuration.GetSection(SectionName).Get<ClusterHostOptions>() ?? new ClusterHostOptions();
}
