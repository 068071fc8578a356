using System.Net;
using System.Text.Json;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

public sealed class EngineIoOptionsTests(ConfiguredGateway gateway) : IClassFixture<ConfiguredGateway>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private Uri Handshake(string extra = "") => new(gateway.Address, "/engine.io/?EIO=4&transport=polling" + extra);

    [Fact]
    public async Task Options_from_configuration_shape_the_open_packet_polling_only_has_no_upgrades()
    {
        var body = await _http.GetStringAsync(Handshake()).Within();
        var open = JsonDocument.Parse(body[1..]).RootElement;
        Assert.Equal(0, open.GetProperty("upgrades").GetArrayLength());
    }

    [Fact]
    public async Task A_transport_that_is_not_allowed_is_unknown()
    {
        using var response = await _http.GetAsync(new Uri(gateway.Address, "/engine.io/?EIO=4&transport=websocket")).Within();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"code\":0,\"message\":\"Transport unknown\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_allow_request_hook_refuses_a_handshake_with_403_and_its_message()
    {
        using var refused = await _http.GetAsync(Handshake("&token=bad")).Within();
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("{\"code\":4,\"message\":\"bad token\"}", await refused.Content.ReadAsStringAsync());

        using var accepted = await _http.GetAsync(Handshake("&token=good")).Within();
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task The_handshake_sets_the_session_cookie_secure_when_configured()
    {
        using var response = await _http.GetAsync(Handshake()).Within();
        var sid = JsonDocument.Parse((await response.Content.ReadAsStringAsync())[1..]).RootElement.GetProperty("sid").GetString();
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"io={sid}; path=/; secure; samesite=lax; httponly", cookie);
    }

    [Fact]
    public async Task Sids_are_unguessable_signed_url_safe_strings()
    {
        var sids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var body = await _http.GetStringAsync(Handshake()).Within();
            sids.Add(JsonDocument.Parse(body[1..]).RootElement.GetProperty("sid").GetString()!);
        }

        Assert.Equal(20, sids.Count);
        Assert.All(sids, sid => Assert.Matches("^[A-Za-z0-9_-]{32}$", sid));
    }

    [Fact]
    public async Task An_allowed_origin_gets_cors_headers_with_credentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Handshake());
        request.Headers.Add("Origin", ConfiguredGateway.AllowedOrigin);
        using var response = await _http.SendAsync(request).Within();

        Assert.Equal(ConfiguredGateway.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Fact]
    public async Task Another_origin_gets_no_cors_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Handshake());
        request.Headers.Add("Origin", "https://evil.example");
        using var response = await _http.SendAsync(request).Within();

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_preflight_is_answered_with_the_allowed_methods_and_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, Handshake());
        request.Headers.Add("Origin", ConfiguredGateway.AllowedOrigin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await _http.SendAsync(request).Within();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("GET,POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }
}
