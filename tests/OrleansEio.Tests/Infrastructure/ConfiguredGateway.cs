using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// An embedded gateway with non-default options: polling only, CORS for one origin with credentials,
/// a secure session cookie, an <c>AllowRequest</c> hook that refuses <c>token=bad</c>, and no client bundles (<c>SocketIo:ServeClient</c> off).
/// </summary>
public sealed class ConfiguredGateway : EmbeddedGateway
{
    public const string AllowedOrigin = "https://allowed.example";

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EngineIo:Transports:0"] = "polling",
            ["EngineIo:Cors:Origins:0"] = AllowedOrigin,
            ["EngineIo:Cors:Credentials"] = "true",
            ["EngineIo:Cookie:Name"] = "io",
            ["SocketIo:ServeClient"] = "false",
            ["EngineIo:Cookie:Secure"] = "true",
        });
        builder.Services.Configure<EngineIoOptions>(o => o.AllowRequest = handshake =>
            ValueTask.FromResult(handshake.Query.GetValueOrDefault("token") == "bad" ? HandshakeVerdict.Reject("bad token") : HandshakeVerdict.Accept));
    }
}
