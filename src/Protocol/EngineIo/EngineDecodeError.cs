namespace OrleansEio.Protocol.EngineIo;

/// <summary>Why an encoded packet or payload could not be decoded. The decoder never throws.</summary>
public enum EngineDecodeError
{
    /// <summary>Decoded: the packet (or every packet of the payload) is valid.</summary>
    None = 0,
    /// <summary>An empty packet (nothing where a type digit was expected).</summary>
    EmptyPacket,
    /// <summary>The first character is not a packet type digit 0-6 (nor <c>b</c> in a payload).</summary>
    UnknownPacketType,
    /// <summary>A <c>b</c>-prefixed payload packet whose base64 is not valid.</summary>
    InvalidBase64,
    /// <summary>The bytes are not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>The payload holds more packets than the configured limit.</summary>
    TooManyPackets,
}
