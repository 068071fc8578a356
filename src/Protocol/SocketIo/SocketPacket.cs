using System.Text.Json;

namespace OrleansEio.Protocol.SocketIo;

/// <summary>
/// A decoded Socket.IO packet. <see cref="Data"/> keeps binary placeholders as they came; the
/// attachments travel beside it in <see cref="Attachments"/>, filled in by the binary frames that follow.
/// </summary>
public sealed class SocketPacket
{
    public SocketPacketType Type { get; init; }

    /// <summary>The namespace, <c>/</c> when the packet names none.</summary>
    public string Namespace { get; init; } = "/";

    public long? Id { get; init; }

    /// <summary>How many binary attachments follow this packet (binary types only).</summary>
    public int AttachmentCount { get; init; }

    public JsonElement? Data { get; init; }

    public List<byte[]> Attachments { get; } = [];

    public bool IsBinary => Type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck;

    /// <summary>True once every announced attachment has arrived.</summary>
    public bool IsComplete => Attachments.Count >= AttachmentCount;
}
