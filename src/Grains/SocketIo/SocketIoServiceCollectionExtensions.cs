using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using OrleansEio.Diagnostics;
using OrleansEio.Sessions;
using OrleansEio.SocketIo;

namespace OrleansEio;

/// <summary>Registers Socket.IO servers on silos (<c>AddSocketIo</c>) and <see cref="ISocketIoServer"/> on any node (<c>AddSocketIoServer</c>).</summary>
public static class SocketIoServiceCollectionExtensions
{
    /// <summary>
    /// Registers a Socket.IO server on the Engine.IO endpoint at <paramref name="path"/> (map it on gateways
    /// with <c>app.MapSocketIo(path)</c>). Call it on every silo with the same namespaces.
    /// </summary>
    public static IServiceCollection AddSocketIo(this IServiceCollection services, string path, Action<SocketIoServerBuilder> configure)
    {
        var normalized = SocketIoNamespaceKey.CheckPath(EngineIoPaths.Normalize(path));
        var definition = new SocketIoServerBuilder();
        configure(definition);

        services.AddEngineIoSilo();
        services.AddOptions<SocketIoOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocketIoOptions>, SocketIoOptionsValidator>());
        services.TryAddSingleton<SocketIoSiloRouter>();

        // Connection state recovery keeps its state in this process unless a host puts it elsewhere (Redis in a cluster).
        services.TryAddSingleton<ISocketIoRecoveryStore, MemoryRecoveryStore>();
        if (!services.Any(d => d.ServiceType == typeof(SiloPinnedPlacementDirector)))
        {
            services.AddSingleton<SiloPinnedPlacementDirector>();
            services.AddPlacementDirector<SiloPinnedPlacement>(sp => sp.GetRequiredService<SiloPinnedPlacementDirector>());
        }

        // The path's parser, for every ISocketIoServer of this process: broadcasts are encoded by their sender.
        services.AddKeyedSingleton(normalized, definition.Parser);
        services.AddSocketIoServer(normalized);
        services.AddKeyedSingleton<IEngineIoApplication>(normalized, (sp, _) => new SocketIoApplication(
            normalized,
            definition,
            sp.GetRequiredService<IOptions<SocketIoOptions>>().Value,
            sp.GetRequiredService<EngineIoClock>(),
            sp.GetRequiredService<SocketIoSiloRouter>(),
            sp.GetRequiredService<SocketIoPublisher>(),
            sp.GetRequiredService<IGrainFactory>(),
            sp,
            sp.GetRequiredService<SocketIoMetrics>(),
            sp.GetRequiredService<ILogger<SocketIoApplication>>()));
        return services;
    }

    /// <summary>
    /// Only <see cref="ISocketIoServer"/>, for emitting from a node that hosts no silo (a gateway in client mode). Give
    /// the parser the silos use for this path (<see cref="SocketIoParsers"/>); a node that also calls
    /// <c>AddSocketIo(path, ...)</c> uses the parser declared there. The server is also registered keyed by the path.
    /// </summary>
    public static IServiceCollection AddSocketIoServer(this IServiceCollection services, string path, ISocketIoParser? parser = null)
    {
        var normalized = SocketIoNamespaceKey.CheckPath(EngineIoPaths.Normalize(path));
        services.TryAddKeyedSingleton(normalized, parser ?? SocketIoParsers.Json);
        services.TryAddSingleton(sp => new SocketIoPublisher(
            sp.GetRequiredService<IGrainFactory>(),
            Options(sp),
            sp.GetRequiredService<ILogger<SocketIoPublisher>>()));
        services.TryAddSingleton<ISocketIoServer>(sp => Server(sp, normalized));
        services.TryAddKeyedSingleton<ISocketIoServer>(normalized, (sp, _) => Server(sp, normalized));
        return services;
    }

    /// <summary>The last parser registered for the path wins, so <c>AddSocketIo</c>'s outranks a default from <c>AddSocketIoServer</c>.</summary>
    private static SocketIoServer Server(IServiceProvider sp, string path)
        => new(sp.GetRequiredService<SocketIoPublisher>(), path, Options(sp), sp.GetRequiredKeyedService<ISocketIoParser>(path), sp.GetService<SocketIoSiloRouter>());

    private static SocketIoOptions Options(IServiceProvider sp) => sp.GetService<IOptions<SocketIoOptions>>()?.Value ?? new SocketIoOptions();
}
