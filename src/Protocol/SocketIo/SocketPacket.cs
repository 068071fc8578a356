using System.Text.Json;

namespace OrleansEio.Protocol.SocketIo;

/// <summary>
/// A decoded Socket.IO packet. <see cref="Data"/> keeps binary placeholders as they came; the
/// attachments travel beside it in <see cref="Attachments"/>, filled in by the binary frames that follow.
/// </summary>
public sealed class SocketPacket
{
    /// <summary>What the packet is (CONNECT, EVENT, ACK, ...); decides what <see cref="Data"/> holds and whether attachments follow.</summary>
    public SocketPacketType Type { get; init; }

    /// <summary>The namespace, <c>/</c> when the packet names none.</summary>
    public string Namespace { get; init; } = "/";

    /// <summary>The ack id: on an event, the sender awaits an ack with this id; on an ack, the event it answers. Null when none.</summary>
    public long? Id { get; init; }

    /// <summary>How many binary attachments follow this packet (binary types only).</summary>
    public int AttachmentCount { get; init; }

    /// <summary>The JSON data after the header (an event's <c>[name, ...args]</c>, an ack's arguments, a CONNECT's auth object); null when the packet has none.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>The binary attachments received so far, in order: placeholder <c>num</c> n names <c>Attachments[n]</c>.</summary>
    public List<byte[]> Attachments { get; } = [];

    /// <summary>Whether the type is <see cref="SocketPacketType.BinaryEvent"/> or <see cref="SocketPacketType.BinaryAck"/>.</summary>
    public bool IsBinary => Type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck;

    /// <summary>True once every announced attachment has arrived.</summary>
    public bool IsComplete => Attachments.Count >= AttachmentCount;
}
