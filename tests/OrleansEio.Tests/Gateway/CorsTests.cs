using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using OrleansEio.Gateway.EngineIo;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>
/// <c>EngineIo:Cors</c> through ASP.NET Core's CORS: exact origins, subdomain wildcards, credentials, exposed headers,
/// max-age; and the same origin list applied to WebSocket handshakes, which browsers send without a preflight.
/// </summary>
public sealed class CorsTests(CorsTests.Gateway gateway) : IClassFixture<CorsTests.Gateway>, IDisposable
{
    public sealed class Gateway : EmbeddedGateway
    {
        protected override void Configure(WebApplicationBuilder builder)
            => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["EngineIo:Cors:Origins:0"] = "https://app.example",
                ["EngineIo:Cors:Origins:1"] = "https://*.example.org",
                ["EngineIo:Cors:Credentials"] = "true",
                ["EngineIo:Cors:ExposedHeaders:0"] = "X-OrleansEio-Node",
                ["EngineIo:Cors:MaxAge"] = "00:10:00",
            });
    }

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, EioHttp.Url(gateway.Address));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await _http.SendAsync(request).Within();
    }

    [Theory]
    [InlineData("https://app.example")]
    [InlineData("https://chat.example.org")]
    public async Task A_preflight_from_an_allowed_origin_is_answered_with_the_policy(string origin)
    {
        using var response = await PreflightAsync(origin);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal("GET,POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("600", response.Headers.GetValues("Access-Control-Max-Age").Single());
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://example.org.evil.example")]
    [InlineData("http://app.example")]
    public async Task A_preflight_from_a_foreign_origin_gets_no_cors_headers(string origin)
    {
        using var response = await PreflightAsync(origin);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_request_from_an_allowed_origin_may_read_the_exposed_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EioHttp.Url(gateway.Address));
        request.Headers.Add("Origin", "https://app.example");
        using var response = await _http.SendAsync(request).Within();

        Assert.Equal("X-OrleansEio-Node", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Fact]
    public async Task A_websocket_handshake_from_a_foreign_origin_is_refused_with_403()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", "https://evil.example");

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUrl(), CancellationToken.None).Within());
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData("https://chat.example.org")]
    [InlineData(null)]
    public async Task A_websocket_handshake_from_an_allowed_origin_or_a_non_browser_client_opens(string? origin)
    {
        using var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        await socket.ConnectAsync(WebSocketUrl(), CancellationToken.None).Within();

        Assert.StartsWith("0{\"sid\"", await EioHttp.ReceiveAsync(socket));
    }

    [Fact]
    public void The_policy_allows_wildcard_subdomains_and_no_other_origin()
    {
        var policy = EngineIoCors.Build(new EngineIoCorsOptions { Origins = ["https://*.example.org"] });

        Assert.True(policy.IsOriginAllowed("https://a.example.org"));
        Assert.False(policy.IsOriginAllowed("https://example.org.evil.example"));
        Assert.False(policy.IsOriginAllowed("https://evilexample.org"));
    }

    [Fact]
    public void Any_origin_never_comes_with_credentials()
    {
        var policy = EngineIoCors.Build(new EngineIoCorsOptions { Origins = ["*"], Credentials = true });

        Assert.True(policy.AllowAnyOrigin);
        Assert.False(policy.SupportsCredentials);
    }

    private Uri WebSocketUrl() => new UriBuilder(EioHttp.Url(gateway.Address, transport: "websocket")) { Scheme = "ws" }.Uri;
}
