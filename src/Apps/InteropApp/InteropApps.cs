using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansEio.InteropApp;

/// <summary>
/// Registers the applications the shipped hosts serve on a silo (shared/DESIGN.md, "The interop app"). The echo and
/// interop apps are test apps: the interop app broadcasts to any room a client names, which no production service
/// wants. They run only where <c>TestApps:Enabled</c> is true (Development and Conformance, tests, benchmarks); the
/// demo chat always runs.
/// </summary>
public static class InteropApps
{
    /// <summary>The path of the interop app with the msgpack parser (<c>socket.io-msgpack-parser</c> clients).</summary>
    public const string MsgPackPath = "/socket.io-msgpack";

    /// <summary>
    /// The demo chat, and when <see cref="TestAppsEnabled"/> the raw Engine.IO echo on <c>/engine.io</c>, the interop app
    /// on <c>/socket.io</c> and, with the msgpack parser, on <see cref="MsgPackPath"/>.
    /// </summary>
    public static IServiceCollection AddInteropApps(this IServiceCollection services, IConfiguration configuration)
    {
        if (TestAppsEnabled(configuration))
        {
            services.AddEngineIoApplication<EchoApplication>("/engine.io");
            services.AddSocketIo("/socket.io", SocketIoInteropApp.Configure);
            services.AddSocketIo(MsgPackPath, io => SocketIoInteropApp.Configure(io.UseMsgPack()));
        }

        services.AddSocketIo(DemoChatApp.Path, DemoChatApp.Configure);
        return services;
    }

    /// <summary><c>TestApps:Enabled</c>: off unless configured (on in appsettings.Development.json and appsettings.Conformance.json).</summary>
    public static bool TestAppsEnabled(IConfiguration configuration) => configuration.GetValue("TestApps:Enabled", false);
}
