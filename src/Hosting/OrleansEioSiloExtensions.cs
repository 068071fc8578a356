using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.GrainDirectory;
using StackExchange.Redis;

namespace OrleansEio.Hosting;

/// <summary>
/// Silo and client setup chosen by configuration (the <c>Cluster</c> section, <see cref="ClusterHostOptions"/>),
/// shared by every host so a cluster's nodes agree: identity, membership (<c>Localhost</c> or <c>Redis</c>), ports,
/// failure detection. Values are checked at start-up; what is decided while the host is built tolerates a bad
/// value, so that the check can name it.
/// </summary>
public static class OrleansEioSiloExtensions
{
    /// <summary>
    /// Binds <see cref="EngineIoOptions"/>, <see cref="SocketIo.SocketIoOptions"/> and <see cref="ClusterHostOptions"/>
    /// from the <c>EngineIo</c>, <c>SocketIo</c> and <c>Cluster</c> sections, each validated at start-up; a node of a
    /// Redis cluster must have <c>EngineIo:SessionIdKeys</c>.
    /// </summary>
    public static IServiceCollection AddOrleansEioOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EngineIoOptions>(configuration.GetSection(EngineIoOptions.SectionName));
        services.Configure<SocketIo.SocketIoOptions>(configuration.GetSection(SocketIo.SocketIoOptions.SectionName));
        services.AddOptions<ClusterHostOptions>().Bind(configuration.GetSection(ClusterHostOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterHostOptions>, ClusterHostOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineIoOptions>, EngineIoClusterFitValidator>());
        return services;
    }

    /// <summary>
    /// Configures the silo from the <c>Cluster</c> section: <c>Clustering</c> <c>Localhost</c> (default) or <c>Redis</c>
    /// (membership and grain directory in <c>Cluster:Redis</c>, advertised at <c>AdvertisedIp</c> or this host's address),
    /// <c>SiloPort</c>/<c>GatewayPort</c> (11111/30000), <c>ServiceId</c>/<c>ClusterId</c> (<c>orleanseio</c>),
    /// <c>ResponseTimeout</c> (15 s), failure detection (<c>ProbeTimeout</c> 1 s, <c>NumMissedProbesLimit</c> 2) and, with
    /// <c>Kubernetes</c> true, Orleans' Kubernetes hosting. Throws <see cref="InvalidOperationException"/> for another
    /// <c>Clustering</c> value or <c>Redis</c> without <c>Cluster:Redis</c>.
    /// </summary>
    public static ISiloBuilder UseConfiguredClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = ClusterHostOptions.From(configuration);
        silo.Configure<ClusterOptions>(o => SetIdentity(o, cluster));
        silo.Configure<ClusterMembershipOptions>(o => TuneFailureDetection(o, cluster));
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        if (cluster.Kubernetes)
        {
            // Pod IP and name from the downward API; silos whose pods are gone are removed from membership.
            silo.UseKubernetesHosting();
        }

        if (cluster.IsRedis)
        {
            if (IPAddress.TryParse(cluster.AdvertisedIp, out var advertised))
            {
                silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                // In a container: advertise this host's own address to the other silos.
                silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, System.Net.Sockets.AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
            }

            // Grain locations live in Redis too, not in the silos' in-memory directory: when a silo crashes,
            // sessions on the surviving silos keep their entries (with the in-memory default, up to 7 of 9
            // survivors were re-activated empty in our kill -9 tests).
            silo.AddRedisGrainDirectory(GrainDirectoryAttribute.DEFAULT_GRAIN_DIRECTORY, o => o.ConfigurationOptions = Redis(cluster));

            // Connection state recovery must outlive the silo that held a socket: its log and snapshots live in Redis too.
            silo.Services.AddSingleton<SocketIo.ISocketIoRecoveryStore>(sp => new RedisRecoveryStore(
                Redis(cluster),
                cluster.ServiceId,
                sp.GetRequiredService<Orleans.Serialization.Serializer>(),
                sp.GetRequiredService<IOptions<SocketIo.SocketIoOptions>>().Value.ConnectionStateRecovery));
            return silo.UseRedisClustering(o => o.ConfigurationOptions = Redis(cluster));
        }

        var primaryPort = cluster.PrimarySiloPort ?? cluster.SiloPort;
        return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, new IPEndPoint(IPAddress.Loopback, primaryPort), cluster.ServiceId, cluster.ClusterId);
    }

    /// <summary>
    /// A gateway as an Orleans client, from the <c>Cluster</c> section: membership from Redis (<c>Clustering</c> <c>Redis</c>
    /// with <c>Cluster:Redis</c>), else the static list <c>Cluster:Gateways</c> (<c>host:port,host:port</c>); the same identity
    /// and <c>ResponseTimeout</c> as the silos. Throws <see cref="InvalidOperationException"/> when neither is configured.
    /// </summary>
    public static IClientBuilder UseConfiguredClustering(this IClientBuilder client, IConfiguration configuration)
    {
        var cluster = ClusterHostOptions.From(configuration);
        client.Configure<ClusterOptions>(o => SetIdentity(o, cluster));
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.GatewayListRefreshPeriod);
        if (cluster.IsRedis)
        {
            return client.UseRedisClustering(o => o.ConfigurationOptions = Redis(cluster));
        }

        return client.UseStaticClustering(o => o.Gateways = [.. (cluster.Gateways ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(g => IPEndPoint.TryParse(g, out var endpoint) ? endpoint.ToGatewayUri() : null)
            .OfType<Uri>()]);
    }

    private static ConfigurationOptions Redis(ClusterHostOptions cluster) => ConfigurationOptions.Parse(cluster.Redis ?? string.Empty);

    private static void SetIdentity(ClusterOptions options, ClusterHostOptions cluster)
    {
        options.ServiceId = cluster.ServiceId;
        options.ClusterId = cluster.ClusterId;
    }

    private static void TuneFailureDetection(ClusterMembershipOptions options, ClusterHostOptions cluster)
    {
        options.ProbeTimeout = cluster.ProbeTimeout;
        options.NumMissedProbesLimit = cluster.NumMissedProbesLimit;
        options.TableRefreshTimeout = cluster.TableRefreshTimeout;
        options.IAmAliveTablePublishTimeout = cluster.IAmAliveTablePublishTimeout;
    }
}
