using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansEio.Sessions;
using OrleansEio.SocketIo;

namespace OrleansEio;

public static class SocketIoServiceCollectionExtensions
{
    /// <summary>
    /// Registers a Socket.IO server on the Engine.IO endpoint at <paramref name="path"/> (map it on gateways
    /// with <c>app.MapSocketIo(path)</c>). Call it on every silo with the same namespaces.
    /// </summary>
    public static IServiceCollection AddSocketIo(this IServiceCollection services, string path, Action<SocketIoServerBuilder> configure)
    {
        var normalized = EngineIoPaths.Normalize(path);
        var definition = new SocketIoServerBuilder();
        configure(definition);

        services.AddEngineIoSilo();
        services.AddOptions<SocketIoOptions>();
        services.TryAddSingleton<SocketIoSiloRouter>();
        services.AddSocketIoServer(normalized);
        services.AddKeyedSingleton<IEngineIoApplication>(normalized, (sp, _) => new SocketIoApplication(
            normalized,
            definition,
            sp.GetRequiredService<IOptions<SocketIoOptions>>().Value,
            sp.GetRequiredService<EngineIoClock>(),
            sp.GetRequiredService<SocketIoSiloRouter>(),
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<ILogger<SocketIoApplication>>()));
        return services;
    }

    /// <summary>Only <see cref="ISocketIoServer"/>, for emitting from a node that hosts no silo (a gateway in client mode).</summary>
    public static IServiceCollection AddSocketIoServer(this IServiceCollection services, string path)
    {
        var normalized = EngineIoPaths.Normalize(path);
        services.TryAddSingleton<ISocketIoServer>(sp => new SocketIoServer(
            sp.GetRequiredService<IGrainFactory>(), normalized, sp.GetService<IOptions<SocketIoOptions>>()?.Value));
        return services;
    }
}
