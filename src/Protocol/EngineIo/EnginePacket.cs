namespace OrleansEio.Protocol.EngineIo;

/// <summary>
/// One Engine.IO packet. Text packets carry <see cref="Text"/> (possibly empty); a binary message
/// carries <see cref="Binary"/> and is always of type <see cref="EnginePacketType.Message"/>.
/// Binary arrays are treated as immutable once inside a packet.
/// </summary>
public readonly struct EnginePacket : IEquatable<EnginePacket>
{
    /// <summary>A text packet of <paramref name="type"/>; <paramref name="text"/> is its data after the type digit (<see langword="null"/> for none).</summary>
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

    /// <summary>The packet type; always <see cref="EnginePacketType.Message"/> for a binary packet.</summary>
    public EnginePacketType Type { get; }

    /// <summary>The text after the type digit, e.g. <c>probe</c> of <c>2probe</c>; <see langword="null"/> for a binary packet or a packet with no data.</summary>
    public string? Text { get; }

    /// <summary>The bytes of a binary message; <see langword="null"/> for a text packet.</summary>
    public byte[]? Binary { get; }

    /// <summary>Whether this is a binary message (<see cref="Binary"/> is set).</summary>
    public bool IsBinary => Binary is not null;

    /// <summary>Approximate size in bytes, used for buffer accounting.</summary>
    public int Size => Binary?.Length ?? (1 + (Text?.Length ?? 0));

    /// <summary>A text message packet (<c>4</c> + <paramref name="text"/>).</summary>
    public static EnginePacket Message(string text) => new(EnginePacketType.Message, text);

    /// <summary>A binary message packet; the array is kept, not copied, and must not change afterwards.</summary>
    public static EnginePacket Message(byte[] data) => new(data);

    /// <summary><c>2</c>: the server's heartbeat ping.</summary>
    public static readonly EnginePacket Ping = new(EnginePacketType.Ping);
    /// <summary><c>3</c>: the client's answer to a ping.</summary>
    public static readonly EnginePacket Pong = new(EnginePacketType.Pong);
    /// <summary><c>1</c>: closes the session.</summary>
    public static readonly EnginePacket Close = new(EnginePacketType.Close);
    /// <summary><c>6</c>: does nothing; answers a pending poll so that the client lets go of the polling transport during an upgrade.</summary>
    public static readonly EnginePacket Noop = new(EnginePacketType.Noop);
    /// <summary><c>5</c>: the client's last packet of an upgrade; from then on the WebSocket carries the session.</summary>
    public static readonly EnginePacket Upgrade = new(EnginePacketType.Upgrade);
    /// <summary><c>2probe</c>: the client's test of a new WebSocket during an upgrade.</summary>
    public static readonly EnginePacket PingProbe = new(EnginePacketType.Ping, "probe");
    /// <summary><c>3probe</c>: the server's answer to <see cref="PingProbe"/>.</summary>
    public static readonly EnginePacket PongProbe = new(EnginePacketType.Pong, "probe");

    /// <summary>Rebuilds a packet from its parts (used by serializers); a binary part wins over text.</summary>
    public static EnginePacket FromParts(EnginePacketType type, string? text, byte[]? binary)
        => binary is not null ? new EnginePacket(binary) : new EnginePacket(type, text);

    /// <summary>Same type and same content: equal bytes for binary, ordinal text otherwise (<see langword="null"/> text equals empty text).</summary>
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

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EnginePacket other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, IsBinary ? Binary!.Length : (Text ?? string.Empty).GetHashCode(StringComparison.Ordinal));

    /// <summary>The packet as on a WebSocket text frame (<c>4hello</c>); a binary one as <c>message&lt;N bytes&gt;</c>. For logs and tests.</summary>
    public override string ToString() => IsBinary ? $"message<{Binary!.Length} bytes>" : $"{(int)Type}{Text}";

    /// <summary>Whether the two packets are equal (see <see cref="Equals(EnginePacket)"/>).</summary>
    public static bool operator ==(EnginePacket left, EnginePacket right) => left.Equals(right);

    /// <summary>Whether the two packets differ (see <see cref="Equals(EnginePacket)"/>).</summary>
    public static bool operator !=(EnginePacket left, EnginePacket right) => !left.Equals(right);
}
