namespace OrleansEio.Protocol.EngineIo;

/// <summary>Engine.IO v4 packet types; the value is the ASCII digit that starts an encoded packet.</summary>
public enum EnginePacketType : byte
{
    Open = 0,
    Close = 1,
    Ping = 2,
    Pong = 3,
    Message = 4,
    Upgrade = 5,
    Noop = 6,
}
