using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using OrleansEio.Gateway;
using OrleansEio.InteropApp;
using OrleansEio.SocketIo;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// <see cref="GatewayCluster"/>'s shape (two in-process silos, three gateways as Orleans clients) with connection state
/// recovery on. Both silos share one <see cref="MemoryRecoveryStore"/>, as every silo of a real cluster shares Redis.
/// </summary>
public sealed class RecoveryCluster : IAsyncLifetime
{
    /// <summary>Short enough for a test to outwait it, long enough for every reconnect of the other tests.</summary>
    public static readonly TimeSpan MaxDisconnectionDuration = TimeSpan.FromSeconds(5);

    private static readonly SocketIoOptions Options = Configure(new SocketIoOptions());

    // In-process silos are built from configurator types, so the shared store is reached statically.
    internal static readonly MemoryRecoveryStore Store = new(Microsoft.Extensions.Options.Options.Create(Options));

    private readonly List<WebApplication> _gateways = [];

    public TestCluster Cluster { get; private set; } = null!;

    public IReadOnlyList<Uri> Gateways { get; private set; } = [];

    private static SocketIoOptions Configure(SocketIoOptions options)
    {
        options.ConnectionStateRecovery.Enabled = true;
        options.ConnectionStateRecovery.MaxDisconnectionDuration = MaxDisconnectionDuration;
        return options;
    }

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        var gatewayEndpoints = string.Join(',', Cluster.Silos.Select(s => s.GatewayAddress.Endpoint.ToString()));
        foreach (var name in new[] { "A", "B", "C" })
        {
            var app = GatewayHost.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Node:Name"] = name,
                ["Cluster:Mode"] = "Client",
                ["Cluster:Gateways"] = gatewayEndpoints,
                ["Cluster:ServiceId"] = Cluster.Options.ServiceId,
                ["Cluster:ClusterId"] = Cluster.Options.ClusterId,
                ["SocketIo:ConnectionStateRecovery:Enabled"] = "true",
                ["Logging:LogLevel:Default"] = "Warning",
                ["TestApps:Enabled"] = "true",
                ["EngineIo:SessionIdKeys:0"] = GatewayCluster.SessionIdKey,
            }), a => a.MapSocketIo(SocketIo.SocketIoTestApp.Path));
            await app.StartAsync().Within(TimeSpan.FromSeconds(60));
            _gateways.Add(app);
        }

        Gateways = [.. _gateways.Select(g => new Uri(g.Urls.Single()))];
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
            siloBuilder.Services.Configure<SocketIoOptions>(o => RecoveryCluster.Configure(o));
            siloBuilder.Services.AddSingleton<ISocketIoRecoveryStore>(Store);
            siloBuilder.Services.AddSocketIo("/socket.io", SocketIoInteropApp.Configure);
            siloBuilder.Services.AddSocketIo(SocketIo.SocketIoTestApp.Path, SocketIo.SocketIoTestApp.Configure);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RecoveryClusterCollection : ICollectionFixture<RecoveryCluster>
{
    public const string Name = "three gateways over one cluster, connection state recovery on";
}
