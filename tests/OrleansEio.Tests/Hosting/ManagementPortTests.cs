using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Hosting;

/// <summary>Health and admin on the management port: only there, and admin only with its API key.</summary>
public sealed class ManagementPortTests(ManagementPortTests.Gateway gateway) : IClassFixture<ManagementPortTests.Gateway>, IDisposable
{
    public const string ApiKey = "an-api-key-of-at-least-32-characters";

    public sealed class Gateway : EmbeddedGateway
    {
        protected override void Configure(WebApplicationBuilder builder)
            => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:ManagementPort"] = FreePorts.Next().ToString(),
                ["Gateway:Admin:Enabled"] = "true",
                ["Gateway:Admin:ApiKey"] = ApiKey,
            });
    }

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private async Task<HttpStatusCode> StatusAsync(Uri server, string path, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await _http.SendAsync(request).Within();
        return response.StatusCode;
    }

    [Fact]
    public async Task Health_answers_on_the_management_port_only()
    {
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway.ManagementAddress!, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway.ManagementAddress!, "/healthz"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(gateway.Address, "/readyz"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(gateway.Address, "/healthz"));
    }

    [Fact]
    public async Task The_management_port_serves_nothing_else()
    {
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(gateway.ManagementAddress!, "/engine.io/?EIO=4&transport=polling"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(gateway.ManagementAddress!, "/"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway.Address, "/engine.io/?EIO=4&transport=polling"));
    }

    [Fact]
    public async Task A_host_header_naming_the_management_port_does_not_reach_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Address, "/readyz"));
        request.Headers.Host = $"127.0.0.1:{gateway.ManagementAddress!.Port}";
        using var response = await _http.SendAsync(request).Within();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Admin_endpoints_need_the_api_key()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(gateway.ManagementAddress!, "/admin/node"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(gateway.ManagementAddress!, "/admin/node", "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(gateway.ManagementAddress!, "/admin/node", ApiKey + "x"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway.ManagementAddress!, "/admin/node", ApiKey));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(gateway.Address, "/admin/node", ApiKey));
    }
}

/// <summary>Without configuration, the admin endpoints do not exist and health shares the application's port.</summary>
public sealed class AdminOffByDefaultTests(EmbeddedGateway gateway) : IClassFixture<EmbeddedGateway>
{
    [Fact]
    public async Task Admin_endpoints_are_off_unless_enabled()
    {
        using var http = new HttpClient();
        using var admin = await http.GetAsync(new Uri(gateway.Address, "/admin/node")).Within();
        using var ready = await http.GetAsync(new Uri(gateway.Address, "/readyz")).Within();
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK), (admin.StatusCode, ready.StatusCode));
    }
}
