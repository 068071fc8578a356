using OrleansEio.Gateway.EngineIo;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Tests.Gateway;

public sealed class RequestClassifierTests
{
    private static readonly EngineIoOptions Defaults = new();

    private static readonly SessionIdSigner Sids = new([new byte[32]]);

    /// <summary>A sid this cluster signed.</summary>
    private static readonly string Sid = Sids.New();

    private static EngineIoRequest Classify(string method, string? transport, string? sid, bool webSocket = false, string? eio = "4", EngineIoOptions? options = null)
        => RequestClassifier.Classify(method, transport, eio, sid, webSocket, options ?? Defaults, Sids);

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
        Assert.Equal(EngineIoErrorCode.BadRequest, Classify("GET", "polling", Sid, webSocket: true).Error);
    }

    [Fact]
    public void Transport_websocket_with_a_sid_but_no_websocket_handshake_is_a_fake_upgrade_never_an_upgrade()
    {
        var request = Classify("GET", "websocket", Sid);
        Assert.Equal(EngineIoRequestKind.FakeUpgrade, request.Kind);
        Assert.Equal(Sid, request.Sid);
    }

    [Fact]
    public void A_real_websocket_handshake_with_a_sid_is_an_upgrade()
        => Assert.Equal(new EngineIoRequest(EngineIoRequestKind.Upgrade, default, Sid, true), Classify("GET", "websocket", Sid, webSocket: true));

    [Theory]
    [InlineData("GET", "Poll")]
    [InlineData("POST", "Post")]
    [InlineData("PUT", "Invalid")]
    [InlineData("DELETE", "Invalid")]
    public void A_polling_request_with_a_sid_is_a_poll_or_a_post_by_method(string method, string kind)
        => Assert.Equal(Enum.Parse<EngineIoRequestKind>(kind), Classify(method, "polling", Sid).Kind);

    [Theory]
    [InlineData("abc")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==AAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA AAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA+/AAAAAAAA")]
    public void A_forged_or_malformed_sid_is_unknown_before_any_grain_is_asked(string sid)
    {
        foreach (var (method, transport, webSocket) in new[] { ("GET", "polling", false), ("POST", "polling", false), ("PUT", "polling", false), ("GET", "websocket", true), ("GET", "websocket", false) })
        {
            Assert.Equal(EngineIoRequest.Refuse(EngineIoErrorCode.UnknownSid), Classify(method, transport, sid, webSocket));
        }
    }

    [Fact]
    public void An_over_long_sid_is_unknown()
        => Assert.Equal(EngineIoErrorCode.UnknownSid, Classify("GET", "polling", Sid + new string('A', 100_000)).Error);

    [Fact]
    public void A_sid_with_one_character_changed_is_unknown()
    {
        var tampered = (Sid[0] == 'A' ? 'B' : 'A') + Sid[1..];
        Assert.Equal(EngineIoErrorCode.UnknownSid, Classify("GET", "polling", tampered).Error);
        var tamperedMac = Sid[..^1] + (Sid[^1] == 'A' ? 'B' : 'A');
        Assert.Equal(EngineIoErrorCode.UnknownSid, Classify("GET", "polling", tamperedMac).Error);
    }

    [Fact]
    public void A_sid_signed_under_another_key_is_unknown_and_under_a_second_key_is_known()
    {
        var other = new SessionIdSigner([Enumerable.Repeat((byte)7, 32).ToArray()]);
        Assert.Equal(EngineIoErrorCode.UnknownSid, Classify("GET", "polling", other.New()).Error);

        // Rotation: a node that signs with a new key still accepts sids signed with the one listed second.
        var rotated = new SessionIdSigner([Enumerable.Repeat((byte)7, 32).ToArray(), new byte[32]]);
        Assert.Equal(EngineIoRequestKind.Poll, RequestClassifier.Classify("GET", "polling", "4", Sid, false, Defaults, rotated).Kind);
        Assert.False(Sids.IsAuthentic(rotated.New()));
    }

    [Fact]
    public void Signed_sids_are_32_url_safe_characters_and_unique()
    {
        var sids = Enumerable.Range(0, 1000).Select(_ => Sids.New()).ToHashSet();
        Assert.Equal(1000, sids.Count);
        Assert.All(sids, sid => Assert.Matches("^[A-Za-z0-9_-]{32}$", sid));
        Assert.All(sids, sid => Assert.True(Sids.IsAuthentic(sid)));
    }
}
