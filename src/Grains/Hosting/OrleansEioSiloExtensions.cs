using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansEio.InteropApp;

namespace OrleansEio.Hosting;

public static class OrleansEioSiloExtensions
{
    /// <summary>Everything a silo of this project hosts: Engine.IO and Socket.IO options and the interop app's handlers.</summary>
    public static ISiloBuilder AddOrleansEio(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.Configure<EngineIoOptions>(configuration.GetSection(EngineIoOptions.SectionName));
        silo.Services.Configure<SocketIo.SocketIoOptions>(configuration.GetSection(SocketIo.SocketIoOptions.SectionName));
        silo.Services.AddEngineIoApplication<EchoApplication>("/engine.io");
        silo.Services.AddSocketIo("/socket.io", SocketIoInteropApp.Configure);
        silo.Services.AddSocketIo(DemoChatApp.Path, DemoChatApp.Configure);
        return silo;
    }

    /// <summary>
    /// Clustering chosen by configuration (<c>Cluster</c> section). <c>Localhost</c> (the default) is a
    /// single-machine development cluster whose primary silo listens on <c>SiloPort</c>.
    /// </summary>
    public static ISiloBuilder UseConfiguredClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = configuration.GetSection("Cluster");
        var siloPort = cluster.GetValue("SiloPort", 11111);
        var gatewayPort = cluster.GetValue("GatewayPort", 30000);
        var primaryPort = cluster.GetValue("PrimarySiloPort", siloPort);
        var clustering = cluster["Clustering"] ?? "Localhost";
        if (!string.Equals(clustering, "Localhost", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Cluster:Clustering '{clustering}' is not supported; use 'Localhost'.");
        }

        return silo.UseLocalhostClustering(
            siloPort,
            gatewayPort,
            new IPEndPoint(IPAddress.Loopback, primaryPort),
            cluster["ServiceId"] ?? "orleanseio",
            cluster["ClusterId"] ?? "orleanseio");
    }
}
