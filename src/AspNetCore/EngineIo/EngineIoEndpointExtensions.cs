using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansEio.Gateway.EngineIo;

namespace OrleansEio;

/// <summary>The gateway side of Engine.IO: <c>services.AddEngineIo()</c>, then <c>app.MapEngineIo(path)</c> for each application's path.</summary>
public static class EngineIoEndpointExtensions
{
    /// <summary>
    /// Adds the Engine.IO gateway: transports, options (bind them with
    /// <c>services.Configure&lt;EngineIoOptions&gt;(configuration.GetSection("EngineIo"))</c> or
    /// <paramref name="configure"/>; <see cref="EngineIoGatewayOptions"/> likewise from <c>Gateway</c>), validated at start-up,
    /// the CORS policy from <c>EngineIo:Cors</c>, the handshake rate limits and the WebSocket middleware. The
    /// endpoint applies CORS and the handshake limits itself: nothing needs adding to the application's pipeline.
    /// </summary>
    public static IServiceCollection AddEngineIo(this IServiceCollection services, Action<EngineIoOptions>? configure = null)
    {
        services.AddEngineIoCore();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddOptions<EngineIoGatewayOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineIoGatewayOptions>, EngineIoGatewayOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineIoOptions>, SessionIdKeysRequiredValidator>());
        if (services.Any(d => d.ServiceType == typeof(EngineIoEndpoint)))
        {
            return services;
        }

        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton(sp => SessionIdSigner.FromOptions(sp.GetRequiredService<IOptions<EngineIoOptions>>().Value));
        services.AddSingleton<ISessionGrains, ClusterSessionGrains>();
        services.AddSingleton<GatewayNode>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayNode>());
        services.AddSingleton<SiloLossWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloLossWatch>());
        services.AddSingleton<SessionCallPolicy>();
        services.AddSingleton<PollingTransport>();
        services.AddSingleton<WebSocketTransport>();
        services.AddSingleton<EngineIoEndpoint>();
        services.AddEngineIoCors();
        services.AddSingleton<HandshakeLimiter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, WebSocketsStartupFilter>());
        return services;
    }

    /// <summary>
    /// Serves Engine.IO at <paramref name="path"/> (e.g. <c>/engine.io</c>; a missing leading <c>/</c> is added, a trailing one
    /// dropped), for the application the silos registered under that path. Throws <see cref="InvalidOperationException"/> when
    /// <see cref="AddEngineIo"/> was not called.
    /// </summary>
    public static IEndpointConventionBuilder MapEngineIo(this IEndpointRouteBuilder endpoints, string path)
    {
        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(EngineIoEndpoint)) != true)
        {
            throw new InvalidOperationException("Engine.IO services are missing: call services.AddEngineIo() before app.MapEngineIo(...).");
        }

        // Resolved on first use, after start-up validated the options it is built from.
        var endpoint = new Lazy<EngineIoEndpoint>(services.GetRequiredService<EngineIoEndpoint>);
        var normalized = EngineIoPaths.Normalize(path);
        return endpoints.Map(normalized + "/", context => endpoint.Value.HandleAsync(context, normalized))
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
