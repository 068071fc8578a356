namespace OrleansEio.Protocol.EngineIo;

/// <summary>
/// One Engine.IO packet. Text packets carry <see cref="Text"/> (possibly empty); a binary message
/// carries <see cref="Binary"/> and is always of type <see cref="EnginePacketType.Message"/>.
/// Binary arrays are treated as immutable once inside a packet.
/// </summary>
public readonly struct EnginePacket : IEquatable<EnginePacket>
{
    public EnginePacket(EnginePacketType type, string? text = null)
    {
        Type = type;
        Text = text;
        Binary = null;
    }

    private EnginePacket(byte[] binary)
    {
        Type = EnginePacketType.Message;
        Text = null;
        Binary = binary;
    }

    public EnginePacketType Type { get; }

    public string? Text { get; }

    public byte[]? Binary { get; }

    public bool IsBinary => Binary is not null;

    /// <summary>Approximate size in bytes, used for buffer accounting.</summary>
    public int Size => Binary?.Length ?? (1 + (Text?.Length ?? 0));

    public static EnginePacket Message(string text) => new(EnginePacketType.Message, text);

    public static EnginePacket Message(byte[] data) => new(data);

    public static readonly EnginePacket Ping = new(EnginePacketType.Ping);
    public static readonly EnginePacket Pong = new(EnginePacketType.Pong);
    public static readonly EnginePacket Close = new(EnginePacketType.Close);
    public static readonly EnginePacket Noop = new(EnginePacketType.Noop);
    public static readonly EnginePacket Upgrade = new(EnginePacketType.Upgrade);
    public static readonly EnginePacket PingProbe = new(EnginePacketType.Ping, "probe");
    public static readonly EnginePacket PongProbe = new(EnginePacketType.Pong, "probe");

    /// <summary>Rebuilds a packet from its parts (used by serializers); a binary part wins over text.</summary>
    public static EnginePacket FromParts(EnginePacketType type, string? text, byte[]? binary)
        => binary is not null ? new EnginePacket(binary) : new EnginePacket(type, text);

    public bool Equals(EnginePacket other)
    {
        if (Type != other.Type || IsBinary != other.IsBinary)
        {
            return false;
        }

        return IsBinary
            ? Binary.AsSpan().SequenceEqual(other.Binary)
            : string.Equals(Text ?? string.Empty, other.Text ?? string.Empty, StringComparison.Ordinal);
    }

    public override bool Equals(object? obj) => obj is EnginePacket other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, IsBinary ? Binary!.Length : (Text ?? string.Empty).GetHashCode(StringComparison.Ordinal));

    public override string ToString() => IsBinary ? $"message<{Binary!.Length} bytes>" : $"{(int)Type}{Text}";

    public static bool operator ==(EnginePacket left, EnginePacket right) => left.Equals(right);

    public static bool operator !=(EnginePacket left, EnginePacket right) => !left.Equals(right);
}
