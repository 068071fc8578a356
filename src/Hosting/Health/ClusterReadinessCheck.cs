using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansEio.Hosting.Health;

/// <summary>
/// Ready when this node can serve: a silo (or an embedded gateway) whose membership status is Active, or a client
/// connected to at least one silo gateway. Read from the cluster's own state; it never calls a grain, so probing
/// it activates nothing.
/// </summary>
internal sealed class ClusterReadinessCheck(IServiceProvider services) : IHealthCheck
{
    private readonly ISiloStatusOracle? _silo = services.GetService<ISiloStatusOracle>();
    private readonly GatewayConnections? _client = services.GetService<GatewayConnections>();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_silo is not null)
        {
            var status = _silo.CurrentStatus;
            return Task.FromResult(status == SiloStatus.Active
                ? HealthCheckResult.Healthy("silo active")
                : HealthCheckResult.Unhealthy($"silo {status}"));
        }

        var gateways = _client?.Connected ?? 0;
        return Task.FromResult(gateways > 0
            ? HealthCheckResult.Healthy($"connected to {gateways} silo gateways")
            : HealthCheckResult.Unhealthy("not connected to any silo gateway"));
    }
}
