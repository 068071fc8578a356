using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansEio.Diagnostics;
using OrleansEio.Sessions;

namespace OrleansEio;

/// <summary>Registers Engine.IO applications on silos, and <see cref="IEngineIoSessions"/> wherever sessions are reached from.</summary>
public static class EngineIoServiceCollectionExtensions
{
    /// <summary>
    /// Registers the application served at <paramref name="path"/> (the same path the gateway maps
    /// with <c>MapEngineIo</c>). Call it on every silo.
    /// </summary>
    public static IServiceCollection AddEngineIoApplication<TApplication>(this IServiceCollection services, string path)
        where TApplication : class, IEngineIoApplication
    {
        services.AddEngineIoSilo();
        services.AddKeyedSingleton<IEngineIoApplication, TApplication>(EngineIoPaths.Normalize(path));
        return services;
    }

    /// <summary>What every silo hosting session grains needs, whichever application it serves (Engine.IO or Socket.IO).</summary>
    internal static IServiceCollection AddEngineIoSilo(this IServiceCollection services)
    {
        services.AddEngineIoCore();
        if (!services.Any(d => d.ServiceType == typeof(MovableGrains)))
        {
            services.AddSingleton<MovableGrains>();
            services.AddSingleton<OpenSessions>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SessionDrain>();
        }

        return services;
    }

    /// <summary>
    /// Registers <see cref="IEngineIoSessions"/> and <see cref="EngineIoOptions"/>: what both gateways and silos need. <c>AddEngineIo</c>
    /// and <see cref="AddEngineIoApplication{TApplication}"/> call it; call it yourself on a node that does neither but sends to
    /// sessions (an Orleans client running a background service). Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddEngineIoCore(this IServiceCollection services)
    {
        services.AddOptions<EngineIoOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineIoOptions>, EngineIoOptionsValidator>());
        services.TryAddSingleton(EngineIoClock.System);
        services.TryAddSingleton<IEngineIoSessions, EngineIoSessions>();
        services.AddMetrics();
        services.TryAddSingleton<EngineIoMetrics>();
        services.TryAddSingleton<SocketIoMetrics>();
        return services;
    }
}

/// <summary>Endpoint paths are the keys that join a gateway's endpoint to a silo's application.</summary>
internal static class EngineIoPaths
{
    public static string Normalize(string path)
    {
        var trimmed = path.Trim().TrimEnd('/');
        return trimmed.StartsWith('/') ? trimmed : "/" + trimmed;
    }
}
