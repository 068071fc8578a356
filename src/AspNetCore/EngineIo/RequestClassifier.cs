using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>What an Engine.IO request is, judged from what it says by itself.</summary>
internal enum EngineIoRequestKind
{
    /// <summary>No sid: open a session (a polling GET or a direct WebSocket handshake).</summary>
    Handshake,
    /// <summary>A long-polling GET of an existing session.</summary>
    Poll,
    /// <summary>A long-polling POST of an existing session.</summary>
    Post,
    /// <summary>A real WebSocket handshake for an existing session.</summary>
    Upgrade,
    /// <summary><c>transport=websocket</c> with a sid but no WebSocket handshake: answered, never allowed to touch the session.</summary>
    FakeUpgrade,
    /// <summary>Refused with <see cref="EngineIoRequest.Error"/> before any grain is asked.</summary>
    Invalid,
}

/// <summary>A classified request: its kind, and for <see cref="EngineIoRequestKind.Invalid"/> the wire error to answer.</summary>
internal readonly record struct EngineIoRequest(EngineIoRequestKind Kind, EngineIoErrorCode Error, string Sid, bool WebSocket)
{
    public static EngineIoRequest Refuse(EngineIoErrorCode error) => new(EngineIoRequestKind.Invalid, error, string.Empty, false);
}

/// <summary>
/// The one place that decides what an Engine.IO request is (STYLE.md: classify once). Pure: it sees only the
/// method, the query values and whether the request is a real WebSocket handshake, so it is unit-tested and
/// fuzzed without a server. The checks run in the reference server's order: transport, protocol version,
/// handshake shape, sid, method. A sid that is not one this cluster signed (forged, malformed, any length) is
/// "Session ID unknown" here, before any grain is asked (DESIGN.md invariant 8).
/// </summary>
internal static class RequestClassifier
{
    public static EngineIoRequest Classify(string method, string? transport, string? eio, string? sid, bool webSocketHandshake, EngineIoOptions options, SessionIdSigner sids)
    {
        if (transport is not ("polling" or "websocket") || !options.IsTransportAllowed(transport))
        {
            return EngineIoRequest.Refuse(EngineIoErrorCode.UnknownTransport);
        }

        if (eio != "4")
        {
            return EngineIoRequest.Refuse(EngineIoErrorCode.UnsupportedProtocolVersion);
        }

        var wantsWebSocket = transport == "websocket";
        var hasSid = !string.IsNullOrEmpty(sid);

        // Only a real WebSocket handshake is an upgrade; "transport=websocket" alone never is (DESIGN.md invariant 2).
        if (webSocketHandshake && !wantsWebSocket)
        {
            return EngineIoRequest.Refuse(EngineIoErrorCode.BadRequest);
        }

        if (!hasSid)
        {
            if (wantsWebSocket && !webSocketHandshake)
            {
                return EngineIoRequest.Refuse(EngineIoErrorCode.BadRequest);
            }

            return HttpMethods.IsGet(method)
                ? new EngineIoRequest(EngineIoRequestKind.Handshake, default, string.Empty, webSocketHandshake)
                : EngineIoRequest.Refuse(EngineIoErrorCode.BadHandshakeMethod);
        }

        if (!sids.IsAuthentic(sid))
        {
            return EngineIoRequest.Refuse(EngineIoErrorCode.UnknownSid);
        }

        if (wantsWebSocket)
        {
            return new EngineIoRequest(webSocketHandshake ? EngineIoRequestKind.Upgrade : EngineIoRequestKind.FakeUpgrade, default, sid!, webSocketHandshake);
        }

        if (HttpMethods.IsGet(method))
        {
            return new EngineIoRequest(EngineIoRequestKind.Poll, default, sid!, false);
        }

        return HttpMethods.IsPost(method)
            ? new EngineIoRequest(EngineIoRequestKind.Post, default, sid!, false)
            : EngineIoRequest.Refuse(EngineIoErrorCode.BadRequest);
    }
}
