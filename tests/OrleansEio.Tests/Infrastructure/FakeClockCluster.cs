using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansEio.InteropApp;
using OrleansEio.Sessions;
using OrleansEio.SocketIo;
using Microsoft.Extensions.Logging;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// A two-silo TestCluster whose sessions run on a fake clock: heartbeats and upgrade deadlines move
/// only when a test advances <see cref="Clock"/>. Orleans' own timers keep real time. It also serves the
/// Socket.IO <see cref="SocketIo.BudgetApp"/> with small budgets, and captures the silos' log lines.
/// </summary>
public sealed class FakeClockCluster : IAsyncLifetime
{
    public const long MaxBufferedBytes = 2 * 1024 * 1024;

    // In-process silos are built from configurator types, so the shared clock is reached statically.
    private static readonly FakeTimeProvider SharedClock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    public FakeTimeProvider Clock => SharedClock;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Cluster = new TestClusterBuilder(2)
            .AddSiloBuilderConfigurator<Configurator>()
            .Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(new EngineIoClock(SharedClock));
            siloBuilder.Services.Configure<EngineIoOptions>(o => o.MaxBufferedBytes = MaxBufferedBytes);
            siloBuilder.Services.AddEngineIoApplication<EchoApplication>("/engine.io");
            siloBuilder.Services.AddEngineIoApplication<Sessions.ProbeApplication>(Sessions.ProbeApplication.Path);
            siloBuilder.Services.Configure<SocketIoOptions>(SocketIo.BudgetApp.Options);
            siloBuilder.Services.AddSocketIo(SocketIo.BudgetApp.Path, SocketIo.BudgetApp.Configure);
            siloBuilder.Services.AddSingleton<ILoggerProvider, CapturedLogs>();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FakeClockClusterCollection : ICollectionFixture<FakeClockCluster>
{
    public const string Name = "fake-clock cluster";
}
