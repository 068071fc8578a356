using System.Buffers;
using System.Text.Json;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>Turns an emit or an ack into the Engine.IO messages that carry it: the text packet, then each attachment.</summary>
internal static class SocketIoEncoder
{
    public static EngineIoMessage[] Event(string nsp, string name, IReadOnlyList<object?> args, long? ackId)
        => Encode(SocketPacketType.Event, nsp, ackId, name, args);

    public static EngineIoMessage[] Ack(string nsp, long id, IReadOnlyList<object?> args)
        => Encode(SocketPacketType.Ack, nsp, id, null, args);

    public static EngineIoMessage Connect(string nsp, string sid)
        => Control(SocketPacketType.Connect, nsp, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("sid", sid);
            writer.WriteEndObject();
        });

    public static EngineIoMessage ConnectError(string nsp, string message, object? data)
        => Control(SocketPacketType.ConnectError, nsp, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            if (data is not null)
            {
                writer.WritePropertyName("data");
                JsonSerializer.Serialize(writer, data, data.GetType(), SocketIoJson.Options);
            }

            writer.WriteEndObject();
        });

    public static EngineIoMessage Disconnect(string nsp) => SocketIoWriter.Encode(SocketPacketType.Disconnect, nsp, null, 0, default);

    private static EngineIoMessage Control(SocketPacketType type, string nsp, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return SocketIoWriter.Encode(type, nsp, null, 0, buffer.WrittenSpan);
    }

    private static EngineIoMessage[] Encode(SocketPacketType type, string nsp, long? id, string? eventName, IReadOnlyList<object?> args)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        var attachments = new List<byte[]>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            if (eventName is not null)
            {
                writer.WriteStringValue(eventName);
            }

            foreach (var arg in args)
            {
                if (arg is SocketIoArgs received)
                {
                    foreach (var item in received.Items)
                    {
                        SocketIoJson.WriteReceived(writer, item, received.Attachments, attachments);
                    }
                }
                else
                {
                    SocketIoJson.WriteValue(writer, arg, attachments);
                }
            }

            writer.WriteEndArray();
        }

        if (attachments.Count > 0)
        {
            type = type == SocketPacketType.Event ? SocketPacketType.BinaryEvent : SocketPacketType.BinaryAck;
        }

        var messages = new EngineIoMessage[1 + attachments.Count];
        messages[0] = SocketIoWriter.Encode(type, nsp, id, attachments.Count, buffer.WrittenSpan);
        for (var i = 0; i < attachments.Count; i++)
        {
            messages[i + 1] = attachments[i];
        }

        return messages;
    }
}
