using OrleansEio.Gateway.EngineIo;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Tests.Gateway;

public sealed class RequestClassifierTests
{
    private static readonly EngineIoOptions Defaults = new();

    private static EngineIoRequest Classify(string method, string? transport, string? sid, bool webSocket = false, string? eio = "4", EngineIoOptions? options = null)
        => RequestClassifier.Classify(method, transport, eio, sid, webSocket, options ?? Defaults);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("flashsocket")]
    [InlineData("POLLING")]
    public void A_missing_or_unknown_transport_is_refused_first(string? transport)
        => Assert.Equal(EngineIoRequest.Refuse(EngineIoErrorCode.UnknownTransport), Classify("GET", transport, null, eio: "3"));

    [Fact]
    public void A_transport_the_options_do_not_allow_is_unknown()
        => Assert.Equal(EngineIoErrorCode.UnknownTransport, Classify("GET", "websocket", null, true, options: new EngineIoOptions { Transports = ["polling"] }).Error);

    [Theory]
    [InlineData(null)]
    [InlineData("3")]
    [InlineData("04")]
    public void Any_protocol_version_but_4_is_unsupported(string? eio)
        => Assert.Equal(EngineIoRequest.Refuse(EngineIoErrorCode.UnsupportedProtocolVersion), Classify("GET", "polling", null, eio: eio));

    [Fact]
    public void A_polling_get_without_sid_is_a_handshake()
        => Assert.Equal(EngineIoRequestKind.Handshake, Classify("GET", "polling", null).Kind);

    [Fact]
    public void A_websocket_handshake_without_sid_is_a_direct_websocket_handshake()
    {
        var request = Classify("GET", "websocket", "", webSocket: true);
        Assert.Equal(EngineIoRequestKind.Handshake, request.Kind);
        Assert.True(request.WebSocket);
    }

    [Fact]
    public void A_handshake_that_is_not_a_get_has_a_bad_method()
        => Assert.Equal(EngineIoRequest.Refuse(EngineIoErrorCode.BadHandshakeMethod), Classify("POST", "polling", null));

    [Fact]
    public void Transport_websocket_without_a_websocket_handshake_and_without_sid_is_a_bad_request()
        => Assert.Equal(EngineIoRequest.Refuse(EngineIoErrorCode.BadRequest), Classify("GET", "websocket", null));

    [Fact]
    public void A_websocket_handshake_that_claims_polling_is_a_bad_request()
    {
        Assert.Equal(EngineIoErrorCode.BadRequest, Classify("GET", "polling", null, webSocket: true).Error);
        Assert.Equal(EngineIoErrorCode.BadRequest, Classify("GET", "polling", "abc", webSocket: true).Error);
    }

    [Fact]
    public void Transport_websocket_with_a_sid_but_no_websocket_handshake_is_a_fake_upgrade_never_an_upgrade()
    {
        var request = Classify("GET", "websocket", "abc");
        Assert.Equal(EngineIoRequestKind.FakeUpgrade, request.Kind);
        Assert.Equal("abc", request.Sid);
    }

    [Fact]
    public void A_real_websocket_handshake_with_a_sid_is_an_upgrade()
        => Assert.Equal(new EngineIoRequest(EngineIoRequestKind.Upgrade, default, "abc", true), Classify("GET", "websocket", "abc", webSocket: true));

    [Theory]
    [InlineData("GET", "Poll")]
    [InlineData("POST", "Post")]
    [InlineData("PUT", "Invalid")]
    [InlineData("DELETE", "Invalid")]
    public void A_polling_request_with_a_sid_is_a_poll_or_a_post_by_method(string method, string kind)
        => Assert.Equal(Enum.Parse<EngineIoRequestKind>(kind), Classify(method, "polling", "abc").Kind);
}
