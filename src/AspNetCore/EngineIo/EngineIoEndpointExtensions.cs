using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansEio.Gateway.EngineIo;

namespace OrleansEio;

public static class EngineIoEndpointExtensions
{
    /// <summary>
    /// Adds the Engine.IO gateway: transports, options (bind them with
    /// <c>services.Configure&lt;EngineIoOptions&gt;(configuration.GetSection("EngineIo"))</c> or
    /// <paramref name="configure"/>) and the WebSocket middleware.
    /// </summary>
    public static IServiceCollection AddEngineIo(this IServiceCollection services, Action<EngineIoOptions>? configure = null)
    {
        services.AddEngineIoCore();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<GatewayNode>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayNode>());
        services.TryAddSingleton<PollingTransport>();
        services.TryAddSingleton<WebSocketTransport>();
        services.TryAddSingleton<EngineIoEndpoint>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, WebSocketsStartupFilter>());
        return services;
    }

    /// <summary>Serves Engine.IO at <paramref name="path"/> (e.g. <c>/engine.io</c>), for the application the silos registered under that path.</summary>
    public static IEndpointConventionBuilder MapEngineIo(this IEndpointRouteBuilder endpoints, string path)
    {
        var endpoint = endpoints.ServiceProvider.GetService<EngineIoEndpoint>()
            ?? throw new InvalidOperationException("Engine.IO services are missing: call services.AddEngineIo() before app.MapEngineIo(...).");
        var normalized = EngineIoPaths.Normalize(path);
        return endpoints.Map(normalized + "/", context => endpoint.HandleAsync(context, normalized))
            .WithDisplayName("Engine.IO " + normalized);
    }

    private sealed class WebSocketsStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseWebSockets();
            next(app);
        };
    }
}
