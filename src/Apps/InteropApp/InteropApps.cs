using Microsoft.Extensions.DependencyInjection;

namespace OrleansEio.InteropApp;

/// <summary>Registers the applications the shipped hosts serve on a silo (shared/DESIGN.md, "The interop app").</summary>
public static class InteropApps
{
    /// <summary>The raw Engine.IO echo on <c>/engine.io</c>, the interop app on <c>/socket.io</c> and the demo chat.</summary>
    public static IServiceCollection AddInteropApps(this IServiceCollection services)
    {
        services.AddEngineIoApplication<EchoApplication>("/engine.io");
        services.AddSocketIo("/socket.io", SocketIoInteropApp.Configure);
        services.AddSocketIo(DemoChatApp.Path, DemoChatApp.Configure);
        return services;
    }
}
