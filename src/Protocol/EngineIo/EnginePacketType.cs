namespace OrleansEio.Protocol.EngineIo;

/// <summary>Engine.IO v4 packet types; the value is the ASCII digit that starts an encoded packet.</summary>
public enum EnginePacketType : byte
{
    /// <summary><c>0</c>: the handshake, sent by the server with the sid and the session's settings as JSON.</summary>
    Open = 0,
    /// <summary><c>1</c>: closes the session (either side).</summary>
    Close = 1,
    /// <summary><c>2</c>: the server's heartbeat; <c>2probe</c> from the client tests a WebSocket during an upgrade.</summary>
    Ping = 2,
    /// <summary><c>3</c>: the answer to a ping; <c>3probe</c> answers the probe.</summary>
    Pong = 3,
    /// <summary><c>4</c>: application data, text or binary.</summary>
    Message = 4,
    /// <summary><c>5</c>: the client switches the session to the probed WebSocket.</summary>
    Upgrade = 5,
    /// <summary><c>6</c>: does nothing; ends a pending poll during an upgrade.</summary>
    Noop = 6,
}
