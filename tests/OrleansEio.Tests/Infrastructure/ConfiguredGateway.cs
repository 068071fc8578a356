using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansEio.Gateway;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// An embedded gateway with non-default options: polling only, CORS for one origin with credentials,
/// a session cookie, and an <c>AllowRequest</c> hook that refuses <c>token=bad</c>.
/// </summary>
public sealed class ConfiguredGateway : IAsyncLifetime
{
    public const string AllowedOrigin = "https://allowed.example";

    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

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
                ["EngineIo:Transports:0"] = "polling",
                ["EngineIo:Cors:Origins:0"] = AllowedOrigin,
                ["EngineIo:Cors:Credentials"] = "true",
                ["EngineIo:Cookie:Name"] = "io",
            });
            builder.Services.Configure<EngineIoOptions>(o => o.AllowRequest = handshake =>
                ValueTask.FromResult(handshake.Query.GetValueOrDefault("token") == "bad" ? HandshakeVerdict.Reject("bad token") : HandshakeVerdict.Accept));
        });
        await _app.StartAsync().Within(TimeSpan.FromSeconds(60));
        Address = new Uri(_app.Urls.Single());
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
