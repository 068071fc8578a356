using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>
/// Junk is refused at the gateway before any grain call (DESIGN.md invariant 8): forged, malformed and over-long
/// sids, bodies over the limit. Its own embedded gateway, so no other test's sessions move the activation count.
/// </summary>
public sealed class JunkRejectionTests(JunkRejectionTests.Gateway gateway) : IClassFixture<JunkRejectionTests.Gateway>, IDisposable
{
    public sealed class Gateway : EmbeddedGateway;

    private const string UnknownSid = "{\"code\":1,\"message\":\"Session ID unknown\"}";

    private readonly EioHttp _eio = new();

    public void Dispose() => _eio.Dispose();

    private IManagementGrain Management => gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);

    private async Task<int> ActivationsAsync() => await Management.GetTotalActivationCount().Within();

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("abc")]
    [InlineData("readiness-probe")]
    [InlineData("%00%01%FF")]
    public async Task A_forged_or_malformed_sid_is_refused_before_any_grain_call(string sid)
    {
        await ActivationsAsync();
        var before = await ActivationsAsync();

        foreach (var transport in new[] { "polling", "websocket" })
        {
            var reply = await _eio.GetAsync(EioHttp.Url(gateway.Address, sid, transport));
            Assert.Equal((400, UnknownSid), (reply.Status, reply.Body));
        }

        var post = await _eio.PostAsync(gateway.Address, sid, "4hello");
        Assert.Equal((400, UnknownSid), (post.Status, post.Body));
        Assert.Equal(before, await ActivationsAsync());
    }

    [Fact]
    public async Task An_over_long_sid_is_refused_before_any_grain_call()
    {
        await ActivationsAsync();
        var before = await ActivationsAsync();

        var reply = await _eio.GetAsync(EioHttp.Url(gateway.Address, new string('A', 6000)));

        Assert.Equal((400, UnknownSid), (reply.Status, reply.Body));
        Assert.Equal(before, await ActivationsAsync());
    }

    [Fact]
    public async Task A_post_with_a_forged_sid_is_refused_before_its_body_is_read()
    {
        // The headers promise 10 MB that never come: an answer proves the body was not waited for.
        var reply = await RawHttp.SendHeadersOnlyAsync(gateway.Address, "POST", "/engine.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "Content-Type: text/plain;charset=UTF-8", "Content-Length: 10000000");

        Assert.Equal((400, UnknownSid), (reply.Status, reply.Body));
        Assert.Contains("Connection: close", reply.Headers, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_post_over_the_limit_is_refused_from_its_content_length_before_its_body_is_read()
    {
        var sid = await _eio.HandshakeAsync(gateway.Address);

        var reply = await RawHttp.SendHeadersOnlyAsync(gateway.Address, "POST", $"/engine.io/?EIO=4&transport=polling&sid={sid}",
            "Content-Type: text/plain;charset=UTF-8", "Content-Length: 1000001");

        Assert.Equal((413, "{\"code\":3,\"message\":\"Payload too large\"}"), (reply.Status, reply.Body));
        Assert.Contains("Connection: close", reply.Headers, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, (await _eio.PostAsync(gateway.Address, sid, "4still open")).Status);
    }

    [Fact]
    public async Task A_signed_sid_of_a_closed_session_still_gets_session_id_unknown_from_the_session()
    {
        var sid = await _eio.HandshakeAsync(gateway.Address);
        Assert.Equal(200, (await _eio.PostAsync(gateway.Address, sid, "1")).Status);

        var reply = await _eio.PollAsync(gateway.Address, sid);

        Assert.Equal((400, UnknownSid), (reply.Status, reply.Body));
    }

    [Fact]
    public async Task Probing_readyz_and_healthz_many_times_creates_no_grain_activation()
    {
        using var http = new HttpClient();
        await ActivationsAsync();
        var before = await ActivationsAsync();

        for (var i = 0; i < 50; i++)
        {
            using var ready = await http.GetAsync(new Uri(gateway.Address, "/readyz")).Within();
            using var live = await http.GetAsync(new Uri(gateway.Address, "/healthz")).Within();
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (ready.StatusCode, live.StatusCode));
        }

        Assert.Equal(before, await ActivationsAsync());
    }
}
