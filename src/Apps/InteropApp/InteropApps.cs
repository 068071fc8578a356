using Microsoft.Extensions.DependencyInjection;

namespace OrleansEio.InteropApp;

/// <summary>Registers the applications the shipped hosts serve on a silo (shared/DESIGN.md, "The interop app").</summary>
public static class InteropApps
{
    /// <summary>The path of the interop app with the msgpack parser (<c>socket.io-msgpack-parser</c> clients).</summary>
    public const string MsgPackPath = "/socket.io-msgpack";

    /// <summary>
    /// The raw Engine.IO echo on <c>/engine.io</c>, the interop app on <c>/socket.io</c> and, with the msgpack parser, on
    /// <see cref="MsgPackPath"/>, and the demo chat.
    /// </summary>
    public static IServiceCollection AddInteropApps(this IServiceCollection services)
    {
        services.AddEngineIoApplication<EchoApplication>("/engine.io");
        services.AddSocketIo("/socket.io", SocketIoInteropApp.Configure);
        services.AddSocketIo(MsgPackPath, io => SocketIoInteropApp.Configure(io.UseMsgPack()));
        services.AddSocketIo(DemoChatApp.Path, DemoChatApp.Configure);
        return services;
    }
}
