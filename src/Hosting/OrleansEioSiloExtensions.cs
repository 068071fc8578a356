using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.GrainDirectory;
using StackExchange.Redis;

namespace OrleansEio.Hosting;

/// <summary>
/// Silo and client setup chosen by configuration (the <c>Cluster</c> section), shared by every host so a
/// cluster's nodes agree: identity, membership (<c>Localhost</c> or <c>Redis</c>), ports, failure detection.
/// </summary>
public static class OrleansEioSiloExtensions
{
    /// <summary>Binds <see cref="EngineIoOptions"/> and <see cref="SocketIo.SocketIoOptions"/> from the <c>EngineIo</c> and <c>SocketIo</c> sections.</summary>
    public static IServiceCollection AddOrleansEioOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EngineIoOptions>(configuration.GetSection(EngineIoOptions.SectionName));
        services.Configure<SocketIo.SocketIoOptions>(configuration.GetSection(SocketIo.SocketIoOptions.SectionName));
        return services;
    }

    public static ISiloBuilder UseConfiguredClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = configuration.GetSection("Cluster");
        var siloPort = cluster.GetValue("SiloPort", 11111);
        var gatewayPort = cluster.GetValue("GatewayPort", 30000);
        silo.Configure<ClusterOptions>(o => SetIdentity(o, cluster));
        silo.Configure<ClusterMembershipOptions>(o => TuneFailureDetection(o, cluster));
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout(cluster));
        if (cluster.GetValue("Kubernetes", false))
        {
            // Pod IP and name from the downward API; silos whose pods are gone are removed from membership.
            silo.UseKubernetesHosting();
        }

        switch (Clustering(cluster))
        {
            case "redis":
                if (cluster["AdvertisedIp"] is { Length: > 0 } advertised)
                {
                    silo.ConfigureEndpoints(IPAddress.Parse(advertised), siloPort, gatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    // In a container: advertise this host's own address to the other silos.
                    silo.ConfigureEndpoints(siloPort, gatewayPort, System.Net.Sockets.AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
                }

                // Grain locations live in Redis too, not in the silos' in-memory directory: when a silo crashes,
                // sessions on the surviving silos keep their entries (with the in-memory default, up to 7 of 9
                // survivors were re-activated empty in our kill -9 tests).
                silo.AddRedisGrainDirectory(GrainDirectoryAttribute.DEFAULT_GRAIN_DIRECTORY, o => o.ConfigurationOptions = Redis(cluster));
                return silo.UseRedisClustering(o => o.ConfigurationOptions = Redis(cluster));
            case "localhost":
                var primaryPort = cluster.GetValue("PrimarySiloPort", siloPort);
                return silo.UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, primaryPort), ServiceId(cluster), ClusterId(cluster));
            default:
                throw new InvalidOperationException($"Cluster:Clustering '{cluster["Clustering"]}' is not supported; use 'Localhost' or 'Redis'.");
        }
    }

    /// <summary>A gateway as an Orleans client: membership from Redis, or a static list of silo gateways.</summary>
    public static IClientBuilder UseConfiguredClustering(this IClientBuilder client, IConfiguration configuration)
    {
        var cluster = configuration.GetSection("Cluster");
        client.Configure<ClusterOptions>(o => SetIdentity(o, cluster));
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout(cluster));
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.GetValue("GatewayListRefreshPeriod", TimeSpan.FromSeconds(5)));
        if (Clustering(cluster) == "redis")
        {
            return client.UseRedisClustering(o => o.ConfigurationOptions = Redis(cluster));
        }

        var gateways = cluster["Gateways"]
            ?? throw new InvalidOperationException("A gateway in client mode needs Cluster:Clustering=Redis (with Cluster:Redis) or Cluster:Gateways (host:port,host:port).");
        return client.UseStaticClustering(gateways
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(IPEndPoint.Parse)
            .ToArray());
    }

    private static string Clustering(IConfigurationSection cluster) => (cluster["Clustering"] ?? "Localhost").ToLowerInvariant();

    private static ConfigurationOptions Redis(IConfigurationSection cluster)
        => ConfigurationOptions.Parse(cluster["Redis"] ?? throw new InvalidOperationException("Cluster:Clustering=Redis needs Cluster:Redis, e.g. 127.0.0.1:6379."));

    private static string ServiceId(IConfigurationSection cluster) => cluster["ServiceId"] ?? "orleanseio";

    private static string ClusterId(IConfigurationSection cluster) => cluster["ClusterId"] ?? "orleanseio";

    private static void SetIdentity(ClusterOptions options, IConfigurationSection cluster)
    {
        options.ServiceId = ServiceId(cluster);
        options.ClusterId = ClusterId(cluster);
    }

    // Above the session grain's 10 s bounded wait, below the default 25 s + 20 s heartbeat: no HTTP request
    // waits on a dead silo longer than a client would wait for its next ping.
    private static TimeSpan ResponseTimeout(IConfigurationSection cluster) => cluster.GetValue("ResponseTimeout", TimeSpan.FromSeconds(15));

    /// <summary>Faster than Orleans' defaults so a killed silo is declared dead within seconds.</summary>
    private static void TuneFailureDetection(ClusterMembershipOptions options, IConfigurationSection cluster)
    {
        options.ProbeTimeout = cluster.GetValue("ProbeTimeout", TimeSpan.FromSeconds(1));
        options.NumMissedProbesLimit = cluster.GetValue("NumMissedProbesLimit", 2);
        options.TableRefreshTimeout = cluster.GetValue("TableRefreshTimeout", TimeSpan.FromSeconds(5));
        options.IAmAliveTablePublishTimeout = cluster.GetValue("IAmAliveTablePublishTimeout", TimeSpan.FromSeconds(10));
    }
}
