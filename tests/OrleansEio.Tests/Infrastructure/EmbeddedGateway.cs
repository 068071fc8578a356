using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OrleansEio.Gateway;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>The embedded default (a gateway co-hosting its silo) on a real Kestrel listener.</summary>
public class EmbeddedGateway : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    /// <summary>The management port's address, when the fixture sets <c>Gateway:ManagementPort</c>.</summary>
    public Uri? ManagementAddress { get; private set; }

    /// <summary>The host's services, for what a server-side caller would resolve (e.g. a keyed <c>ISocketIoServer</c>).</summary>
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        _app = GatewayHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Cluster:SiloPort"] = FreePorts.Next().ToString(),
                ["Cluster:GatewayPort"] = FreePorts.Next().ToString(),
                ["Logging:LogLevel:Default"] = "Warning",
                ["TestApps:Enabled"] = "true",
            });
            Configure(builder);
        });
        await _app.StartAsync().Within(TimeSpan.FromSeconds(60));
        var management = _app.Configuration.GetValue<int?>("Gateway:ManagementPort");
        var urls = _app.Urls.Select(u => new Uri(u)).ToList();
        Address = urls.Single(u => u.Port != management);
        ManagementAddress = urls.SingleOrDefault(u => u.Port == management);
    }

    /// <summary>Settings of a derived fixture, applied after the defaults above.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedGatewayCollection : ICollectionFixture<EmbeddedGateway>
{
    public const string Name = "embedded gateway";
}
