namespace OrleansEio.Protocol.EngineIo;

/// <summary>The Engine.IO server's wire errors, sent as JSON <c>{code, message}</c>.</summary>
public enum EngineIoErrorCode
{
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}

/// <summary>The one table of wire error messages and HTTP statuses.</summary>
public static class EngineIoErrors
{
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

    public static int StatusCode(EngineIoErrorCode code) => code == EngineIoErrorCode.Forbidden ? 403 : 400;
}
