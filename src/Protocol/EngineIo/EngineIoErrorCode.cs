namespace OrleansEio.Protocol.EngineIo;

/// <summary>The Engine.IO server's wire errors, sent as JSON <c>{code, message}</c>.</summary>
public enum EngineIoErrorCode
{
    /// <summary><c>Transport unknown</c>: the <c>transport</c> query parameter is missing or names a transport that is not allowed.</summary>
    UnknownTransport = 0,
    /// <summary><c>Session ID unknown</c>: no open session has this sid (never opened, closed, or its silo died).</summary>
    UnknownSid = 1,
    /// <summary><c>Bad handshake method</c>: a handshake (a request without a sid) that is not a GET.</summary>
    BadHandshakeMethod = 2,
    /// <summary><c>Bad request</c>: a transport mismatch, a fake upgrade, an overlapping poll or a malformed payload.</summary>
    BadRequest = 3,
    /// <summary><c>Forbidden</c> (HTTP 403): the application refused the handshake.</summary>
    Forbidden = 4,
    /// <summary><c>Unsupported protocol version</c>: the <c>EIO</c> query parameter is not a version this server speaks.</summary>
    UnsupportedProtocolVersion = 5,
}

/// <summary>The one table of wire error messages and HTTP statuses.</summary>
public static class EngineIoErrors
{
    /// <summary>The message the reference server sends for <paramref name="code"/>, e.g. <c>Session ID unknown</c>; an unknown code reads <c>Bad request</c>.</summary>
    public static string Message(EngineIoErrorCode code) => code switch
    {
        EngineIoErrorCode.UnknownTransport => "Transport unknown",
        EngineIoErrorCode.UnknownSid => "Session ID unknown",
        EngineIoErrorCode.BadHandshakeMethod => "Bad handshake method",
        EngineIoErrorCode.BadRequest => "Bad request",
        EngineIoErrorCode.Forbidden => "Forbidden",
        EngineIoErrorCode.UnsupportedProtocolVersion => "Unsupported protocol version",
        _ => "Bad request",
    };

    /// <summary>The HTTP status that carries <paramref name="code"/>: 403 for <see cref="EngineIoErrorCode.Forbidden"/>, 400 for every other.</summary>
    public static int StatusCode(EngineIoErrorCode code) => code == EngineIoErrorCode.Forbidden ? 403 : 400;
}
