using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrleansEio.Gateway;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Hosting;

/// <summary>
/// A bad configuration stops start-up with a message that names its key (issue 15): every options type the hosts
/// bind is validated on start, before any silo, client or listener starts.
/// </summary>
public sealed class OptionsValidationTests
{
    private static readonly string Key = Convert.ToBase64String(new byte[32]);

    public static TheoryData<string, string, string> InvalidSettings => new()
    {
        { "EngineIo:PingInterval=00:00:00", "", "EngineIo:PingInterval" },
        { "EngineIo:PingTimeout=-00:00:01", "", "EngineIo:PingTimeout" },
        { "EngineIo:LongPollSegment=00:00:20", "", "EngineIo:LongPollSegment" },
        { "EngineIo:MaxHttpBufferSize=2000000", "EngineIo:MaxBufferedBytes=1000000", "EngineIo:MaxBufferedBytes" },
        { "EngineIo:Transports:0=carrier-pigeon", "", "EngineIo:Transports" },
        { "EngineIo:Cors:Origins:0=*", "EngineIo:Cors:Credentials=true", "EngineIo:Cors:Origins" },
        { "EngineIo:Cors:Origins:0=https://app.example/path", "", "EngineIo:Cors:Origins:0" },
        { "EngineIo:Cookie:Name=io", "EngineIo:Cookie:SameSite=None", "EngineIo:Cookie:SameSite" },
        { "EngineIo:SessionIdKeys:0=c2hvcnQ=", "", "EngineIo:SessionIdKeys:0" },
        { "EngineIo:MaxOpenSessionsPerAddress=0", "", "EngineIo:MaxOpenSessionsPerAddress" },
        { "SocketIo:ConnectTimeout=00:00:00", "", "SocketIo:ConnectTimeout" },
        { "SocketIo:MaxAttachments=-1", "", "SocketIo:MaxAttachments" },
        { "SocketIo:MaxPendingAcks=0", "", "SocketIo:MaxPendingAcks" },
        { "SocketIo:MaxRoomsPerSocket=0", "", "SocketIo:MaxRoomsPerSocket" },
        { "Gateway:WriteTimeout=00:00:00", "", "Gateway:WriteTimeout" },
        { "Gateway:Handshakes:PerSecondPerAddress=0", "", "Gateway:Handshakes:PerSecondPerAddress" },
        { "Gateway:Admin:Enabled=true", "", "Gateway:Admin:ApiKey" },
        { "Gateway:ForwardedHeaders:KnownProxies:0=proxy.example", "", "Gateway:ForwardedHeaders:KnownProxies:0" },
        { "Gateway:ForwardedHeaders:KnownNetworks:0=10.0.0.0", "", "Gateway:ForwardedHeaders:KnownNetworks:0" },
        { "Gateway:ManagementPort=70000", "", "Gateway:ManagementPort" },
        { "Cluster:Clustering=Zookeeper", "", "Cluster:Clustering" },
        { "Cluster:Mode=Both", "", "Cluster:Mode" },
        { "Cluster:ResponseTimeout=00:00:05", "", "Cluster:ResponseTimeout" },
        { "Cluster:Mode=Client", "Cluster:Gateways=not-an-endpoint", "Cluster:Gateways" },
        { "Cluster:Mode=Client", "Cluster:Gateways=127.0.0.1:1", "EngineIo:SessionIdKeys" },
        { "Cluster:Clustering=Redis", "Cluster:Redis=127.0.0.1:1", "EngineIo:SessionIdKeys" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Each_invalid_configuration_fails_start_up_with_its_key_named(string setting, string other, string key)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Cluster:SiloPort"] = FreePorts.Next().ToString(),
            ["Cluster:GatewayPort"] = FreePorts.Next().ToString(),
            ["Logging:LogLevel:Default"] = "Critical",
        };

        foreach (var pair in new[] { setting, other }.Where(s => s.Length > 0))
        {
            var at = pair.IndexOf('=');
            settings[pair[..at]] = pair[(at + 1)..];
        }

        if (key == "EngineIo:SessionIdKeys")
        {
            settings.Remove("EngineIo:SessionIdKeys:0");
        }

        var failure = await StartAsync(settings);

        Assert.Contains(key, failure);
    }

    [Fact]
    public async Task A_valid_configuration_passes_the_same_checks()
    {
        var failure = await StartAsync(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Cluster:SiloPort"] = FreePorts.Next().ToString(),
            ["Cluster:GatewayPort"] = FreePorts.Next().ToString(),
            ["Logging:LogLevel:Default"] = "Critical",
            ["EngineIo:SessionIdKeys:0"] = Key,
            ["EngineIo:Cors:Origins:0"] = "https://*.example.com",
            ["EngineIo:Cors:Credentials"] = "true",
            ["EngineIo:Cookie:Name"] = "io",
            ["EngineIo:Cookie:SameSite"] = "None",
            ["EngineIo:Cookie:Secure"] = "true",
            ["Gateway:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
        });

        Assert.Null(failure);
    }

    /// <summary>Builds and starts the gateway host; the validation failure's message, or null when it started.</summary>
    private static async Task<string?> StartAsync(Dictionary<string, string?> settings)
    {
        WebApplication? app = null;
        try
        {
            app = GatewayHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
            await app.StartAsync().Within(TimeSpan.FromSeconds(60));
            await app.StopAsync().Within(TimeSpan.FromSeconds(30));
            return null;
        }
        catch (OptionsValidationException exception)
        {
            return exception.Message;
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return string.Join(" | ", exception.InnerExceptions.Select(e => e.Message));
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }
}
