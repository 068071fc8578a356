using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>
/// Global budgets (issue 9, item 5): handshakes per second per client address (ASP.NET Core rate limiting), and
/// the client address taken from X-Forwarded-For only when the sender is a configured proxy.
/// </summary>
public sealed class HandshakeRateTests(HandshakeRateTests.Gateway gateway) : IClassFixture<HandshakeRateTests.Gateway>, IDisposable
{
    public sealed class Gateway : EmbeddedGateway
    {
        protected override void Configure(WebApplicationBuilder builder)
            => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:Handshakes:BurstPerAddress"] = "3",
                ["Gateway:Handshakes:PerSecondPerAddress"] = "1",
                ["Gateway:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            });
    }

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, string Body, string? RetryAfter)> HandshakeAsync(string from)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EioHttp.Url(gateway.Address));
        request.Headers.Add("X-Forwarded-For", from);
        using var response = await _http.SendAsync(request).Within();
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task Handshakes_over_the_per_address_budget_get_429_with_retry_after_and_other_addresses_are_untouched()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await HandshakeAsync("203.0.113.7")).Status);
        }

        // One token a second comes back: on a slow machine one more may pass before the refusal.
        var refused = await HandshakeAsync("203.0.113.7");
        for (var i = 0; i < 5 && refused.Status == HttpStatusCode.OK; i++)
        {
            refused = await HandshakeAsync("203.0.113.7");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("{\"code\":4,\"message\":\"Too many handshakes\"}", refused.Body);
        Assert.NotNull(refused.RetryAfter);

        Assert.Equal(HttpStatusCode.OK, (await HandshakeAsync("203.0.113.8")).Status);
    }

    [Fact]
    public async Task A_client_cannot_pick_its_address_by_writing_x_forwarded_for_itself()
    {
        // The proxy appends the address it saw; only that last entry counts, whatever the client wrote before it.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await HandshakeAsync($"198.51.100.{i}, 203.0.113.9")).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses[..3]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Requests_of_open_sessions_are_not_handshakes_and_are_not_limited()
    {
        using var eio = new EioHttp();
        var sid = await eio.HandshakeAsync(gateway.Address);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(200, (await eio.PostAsync(gateway.Address, sid, "4hi")).Status);
        }
    }
}

/// <summary>Without configured proxies, X-Forwarded-For is not believed: the budget is the connection's address's.</summary>
public sealed class UntrustedForwardedHeadersTests(UntrustedForwardedHeadersTests.Gateway gateway) : IClassFixture<UntrustedForwardedHeadersTests.Gateway>
{
    public sealed class Gateway : EmbeddedGateway
    {
        protected override void Configure(WebApplicationBuilder builder)
            => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:Handshakes:BurstPerAddress"] = "2",
                ["Gateway:Handshakes:PerSecondPerAddress"] = "1",
            });
    }

    [Fact]
    public async Task X_forwarded_for_from_an_unknown_sender_changes_nothing()
    {
        using var http = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, EioHttp.Url(gateway.Address));
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            using var response = await http.SendAsync(request).Within();
            statuses.Add(response.StatusCode);
        }

        // Each request names another address, yet they share the connection's budget of 2 (and 1 a second).
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses[..2]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}

/// <summary>Open sessions per client address, counted on the silo where sessions live and refused at their opening.</summary>
public sealed class OpenSessionBudgetTests(OpenSessionBudgetTests.Gateway gateway) : IClassFixture<OpenSessionBudgetTests.Gateway>, IDisposable
{
    public sealed class Gateway : EmbeddedGateway
    {
        protected override void Configure(WebApplicationBuilder builder)
            => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["EngineIo:MaxOpenSessionsPerAddress"] = "2",
            });
    }

    private readonly EioHttp _eio = new();

    public void Dispose() => _eio.Dispose();

    [Fact]
    public async Task A_handshake_beyond_the_open_sessions_of_its_address_is_refused_until_one_closes()
    {
        var first = await _eio.HandshakeAsync(gateway.Address);
        await _eio.HandshakeAsync(gateway.Address);

        var refused = await _eio.GetAsync(EioHttp.Url(gateway.Address));
        Assert.Equal((403, "{\"code\":4,\"message\":\"Too many sessions\"}"), (refused.Status, refused.Body));

        using (var socket = new System.Net.WebSockets.ClientWebSocket())
        {
            socket.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(
                new UriBuilder(EioHttp.Url(gateway.Address, transport: "websocket")) { Scheme = "ws" }.Uri, CancellationToken.None).Within());
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        }

        Assert.Equal(200, (await _eio.PostAsync(gateway.Address, first, "1")).Status);
        await _eio.HandshakeAsync(gateway.Address);
    }
}
