using Microsoft.AspNetCore.Http;
using OrleansEio.Gateway.EngineIo;

namespace OrleansEio.Tests.Gateway;

/// <summary>What a handshake hands to its session: a bounded set of headers (issue 9, item 5).</summary>
public sealed class HandshakesTests
{
    private static HttpContext Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?EIO=4&transport=polling&token=t");
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context;
    }

    [Fact]
    public void At_most_the_configured_number_of_headers_is_kept()
    {
        var headers = Enumerable.Range(0, 100).Select(i => ($"x-header-{i}", "v")).ToArray();

        var handshake = Handshakes.Capture(Request(headers), "/socket.io", DateTimeOffset.UnixEpoch, new EngineIoOptions { MaxHandshakeHeaders = 32 });

        Assert.Equal(32, handshake.Headers.Count);
        Assert.Equal("t", handshake.Query["token"]);
    }

    [Fact]
    public void Headers_past_the_byte_budget_are_dropped_and_smaller_ones_still_fit()
    {
        var handshake = Handshakes.Capture(
            Request(("cookie", new string('c', 5000)), ("x-huge", new string('h', 5000)), ("authorization", "Bearer t")),
            "/socket.io", DateTimeOffset.UnixEpoch, new EngineIoOptions { MaxHandshakeHeaderBytes = 8192 });

        Assert.True(handshake.Headers.ContainsKey("cookie"));
        Assert.False(handshake.Headers.ContainsKey("x-huge"));
        Assert.Equal("Bearer t", handshake.Headers["authorization"]);
    }

    [Fact]
    public void Hop_by_hop_and_websocket_framing_headers_are_not_kept()
    {
        var handshake = Handshakes.Capture(
            Request(("connection", "Upgrade"), ("upgrade", "websocket"), ("sec-websocket-key", "k"), ("origin", "https://app.example")),
            "/socket.io", DateTimeOffset.UnixEpoch, new EngineIoOptions());

        Assert.Equal(["origin"], handshake.Headers.Keys);
        Assert.Equal("https://app.example", handshake.Origin);
    }
}
