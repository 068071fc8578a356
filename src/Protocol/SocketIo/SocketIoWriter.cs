using System.Text;

namespace OrleansEio.Protocol.SocketIo;

/// <summary>Encodes the text part of a Socket.IO v5 packet around already-serialized JSON data.</summary>
public static class SocketIoWriter
{
    /// <summary>
    /// The text message <c>type[attachments-][/namespace,][id][json]</c>: the attachment count only for binary types, the
    /// namespace only when it is not <c>/</c>, then <paramref name="json"/> (UTF-8, written as is; empty for no data).
    /// </summary>
    public static string Encode(SocketPacketType type, string nsp, long? id, int attachments, ReadOnlySpan<byte> json)
    {
        var text = new StringBuilder(8 + nsp.Length + json.Length);
        text.Append((char)('0' + (int)type));
        if (type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck)
        {
            text.Append(attachments).Append('-');
        }

        if (nsp != "/")
        {
            text.Append(nsp).Append(',');
        }

        if (id is { } ackId)
        {
            text.Append(ackId);
        }

        if (!json.IsEmpty)
        {
            text.Append(Encoding.UTF8.GetString(json));
        }

        return text.ToString();
    }
}
