using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;
using OrleansEio.Gateway;
using OrleansEio.InteropApp;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// One Orleans cluster (two in-process silos) behind three gateway hosts, each a real Kestrel
/// listener and an Orleans client of that cluster: the shape of a deployment without affinity.
/// </summary>
public sealed class GatewayCluster : IAsyncLifetime
{
    /// <summary>The key every gateway of this cluster signs and verifies sids with.</summary>
    public static readonly string SessionIdKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private readonly List<WebApplication> _gateways = [];

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>Base addresses of gateways A, B and C.</summary>
    public IReadOnlyList<Uri> Gateways { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        // Gateways here are separate Orleans clients, so the silos must listen on real TCP sockets.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        var urls = new List<Uri>();
        foreach (var name in new[] { "A", "B", "C" })
        {
            var app = await StartGatewayAsync(name);
            _gateways.Add(app);
            urls.Add(new Uri(app.Urls.Single()));
        }

        Gateways = urls;
    }

    /// <summary>Starts one more gateway host on this cluster; the caller stops and disposes it.</summary>
    public async Task<WebApplication> StartGatewayAsync(string name)
    {
        var gatewayEndpoints = string.Join(',', Cluster.Silos.Select(s => s.GatewayAddress.Endpoint.ToString()));
        var app = GatewayHost.Build([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Urls"] = "http://127.0.0.1:0",
                    ["Node:Name"] = name,
                    ["Cluster:Mode"] = "Client",
                    ["Cluster:Gateways"] = gatewayEndpoints,
                    ["Cluster:ServiceId"] = Cluster.Options.ServiceId,
                    ["Cluster:ClusterId"] = Cluster.Options.ClusterId,
                    ["Logging:LogLevel:Default"] = "Warning",
                    ["TestApps:Enabled"] = "true",
                    ["EngineIo:SessionIdKeys:0"] = SessionIdKey,
                });
            },
            app => app.MapSocketIo(SocketIo.SocketIoTestApp.Path));
        await app.StartAsync().Within(TimeSpan.FromSeconds(60));
        return app;
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _gateways)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddEngineIoApplication<EchoApplication>("/engine.io");
            siloBuilder.Services.AddSocketIo("/socket.io", SocketIoInteropApp.Configure);
            siloBuilder.Services.AddSocketIo(SocketIo.SocketIoTestApp.Path, SocketIo.SocketIoTestApp.Configure);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayClusterCollection : ICollectionFixture<GatewayCluster>
{
    public const string Name = "three gateways over one cluster";
}
