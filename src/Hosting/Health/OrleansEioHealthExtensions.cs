using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansEio.Hosting.Health;

/// <summary>
/// ASP.NET Core health checks for a node: <c>/healthz</c> (tag <c>live</c>: the process answers) and <c>/readyz</c>
/// (tag <c>ready</c>: <see cref="ClusterReadinessCheck"/>). Other checks an application adds with these tags join them.
/// </summary>
public static class OrleansEioHealthExtensions
{
    public const string Live = "live";
    public const string Ready = "ready";

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
