using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansEio.Hosting;

/// <summary>Checks <see cref="ClusterHostOptions"/> at start-up; each failure names its configuration key.</summary>
internal sealed class ClusterHostOptionsValidator : IValidateOptions<ClusterHostOptions>
{
    private const string Section = ClusterHostOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, ClusterHostOptions options)
    {
        var failures = new List<string>();
        if (options.Mode is not { } mode || !(mode.Equals("Embedded", StringComparison.OrdinalIgnoreCase) || options.IsClient))
        {
            failures.Add($"{Section}Mode is '{options.Mode}'; use 'Embedded' or 'Client'.");
        }

        if (!options.IsRedis && !options.IsLocalhost)
        {
            failures.Add($"{Section}Clustering is '{options.Clustering}'; use 'Localhost' or 'Redis'.");
        }

        if (options.IsRedis && !IsRedisConnection(options.Redis))
        {
            failures.Add($"{Section}Redis must be a Redis connection string (e.g. 127.0.0.1:6379) with Cluster:Clustering=Redis (was '{options.Redis}').");
        }

        if (options.IsClient && !options.IsRedis && !AreEndpoints(options.Gateways))
        {
            failures.Add($"{Section}Gateways must list the silos' gateway endpoints (host:port,host:port) for a client without Cluster:Clustering=Redis (was '{options.Gateways}').");
        }

        if (options.AdvertisedIp is { Length: > 0 } advertised && !IPAddress.TryParse(advertised, out _))
        {
            failures.Add($"{Section}AdvertisedIp '{advertised}' is not an IP address.");
        }

        Port(failures, nameof(options.SiloPort), options.SiloPort);
        Port(failures, nameof(options.GatewayPort), options.GatewayPort);
        if (options.PrimarySiloPort is { } primary)
        {
            Port(failures, nameof(options.PrimarySiloPort), primary);
        }

        foreach (var (key, value) in new[]
        {
            (nameof(options.ResponseTimeout), options.ResponseTimeout),
            (nameof(options.ProbeTimeout), options.ProbeTimeout),
            (nameof(options.TableRefreshTimeout), options.TableRefreshTimeout),
            (nameof(options.IAmAliveTablePublishTimeout), options.IAmAliveTablePublishTimeout),
            (nameof(options.GatewayListRefreshPeriod), options.GatewayListRefreshPeriod),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{Section}{key} must be positive (was {value}).");
            }
        }

        if (options.NumMissedProbesLimit <= 0)
        {
            failures.Add($"{Section}NumMissedProbesLimit must be positive (was {options.NumMissedProbesLimit}).");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId) || string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{Section}ServiceId and {Section}ClusterId must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsRedisConnection(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            return StackExchange.Redis.ConfigurationOptions.Parse(value).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool AreEndpoints(string? value)
    {
        var parts = value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return parts.Length > 0 && parts.All(p => IPEndPoint.TryParse(p, out var endpoint) && endpoint.Port > 0);
    }

    private static void Port(List<string> failures, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{Section}{key} must be a port, 1 to 65535 (was {port}).");
        }
    }
}

/// <summary>
/// How <see cref="EngineIoOptions"/> must fit the cluster: a waiting poll comes back before its call times out, and
/// the nodes of a Redis cluster share sessions, so they must verify each other's sids (<c>EngineIo:SessionIdKeys</c>;
/// a client gateway without Redis is checked by the gateway library itself).
/// </summary>
internal sealed class EngineIoClusterFitValidator(IOptions<ClusterHostOptions> cluster) : IValidateOptions<EngineIoOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineIoOptions options)
    {
        var failures = new List<string>();
        var timeout = cluster.Value.ResponseTimeout;
        if (options.LongPollSegment >= timeout)
        {
            failures.Add($"EngineIo:LongPollSegment ({options.LongPollSegment}) must be shorter than Cluster:ResponseTimeout ({timeout}): a waiting poll must come back before its call times out.");
        }

        if (options.SessionIdKeys.Length == 0 && cluster.Value.IsRedis)
        {
            failures.Add("EngineIo:SessionIdKeys is required with Cluster:Clustering=Redis: every node must verify the sids the others sign. "
                + "Give every node the same key (base64 of 32 random bytes, e.g. `openssl rand -base64 32`).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
