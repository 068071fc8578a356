using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansEio.Hosting.Health;

/// <summary>
/// ASP.NET Core health checks for a node: <c>/healthz</c> (tag <c>live</c>: the process answers) and <c>/readyz</c>
/// (tag <c>ready</c>: this node can serve, read from the cluster's own state without calling a grain). Other checks an
/// application adds with these tags join them.
/// </summary>
public static class OrleansEioHealthExtensions
{
    /// <summary>The tag of the checks <c>/healthz</c> runs; a check added with it fails liveness (restart the process).</summary>
    public const string Live = "live";
    /// <summary>The tag of the checks <c>/readyz</c> runs; a check added with it takes the node out of its load balancer until it passes.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// Adds the checks: <c>process</c> (tag <see cref="Live"/>, always healthy) and <c>cluster</c> (tag <see cref="Ready"/>): healthy
    /// on a silo (or an embedded gateway) whose membership status is Active, or on an Orleans client connected to at least
    /// one silo gateway. Safe to call more than once; map the endpoints with <see cref="MapOrleansEioHealth"/>.
    /// </summary>
    public static IServiceCollection AddOrleansEioHealthChecks(this IServiceCollection services)
    {
        services.TryAddSingleton<GatewayConnections>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterConnectionStatusObserver, GatewayConnections>(sp => sp.GetRequiredService<GatewayConnections>()));
        services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: [Live])
            .AddCheck<ClusterReadinessCheck>("cluster", tags: [Ready]);
        return services;
    }

    /// <summary>Maps <c>/healthz</c> and <c>/readyz</c>, served on the management port when one is set.</summary>
    public static void MapOrleansEioHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Live) }).OnManagementPort();
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).OnManagementPort();
    }
}
