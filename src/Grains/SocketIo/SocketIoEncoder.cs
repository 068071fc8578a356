using System.Buffers;
using System.Text.Json;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>
/// Turns an emit or an ack into the Engine.IO messages that carry it: the arguments are written once as JSON (binary
/// values as numbered placeholders beside a list of attachments), and the path's parser frames that.
/// </summary>
internal static class SocketIoEncoder
{
    public static EngineIoMessage[] Event(ISocketIoParser parser, string nsp, string name, IReadOnlyList<object?> args, long? ackId)
        => Encode(parser, SocketPacketType.Event, nsp, ackId, name, args);

    /// <summary>An event's arguments in the format-free model, for the sequencer to frame once it knows the event's offset.</summary>
    public static SocketIoEventPayload EventPayload(string name, IReadOnlyList<object?> args)
    {
        var (json, attachments) = Write(name, args);
        return new SocketIoEventPayload(json.WrittenSpan.ToArray(), [.. attachments]);
    }

    /// <summary>
    /// The event with <paramref name="offset"/> appended as its last argument (connection state recovery), as socket.io's
    /// adapter appends it: a string after every other argument. Framed once, for every receiver.
    /// </summary>
    public static EngineIoMessage[] WithOffset(ISocketIoParser parser, string nsp, SocketIoEventPayload payload, SocketIoOffset offset)
    {
        var text = offset.ToString();
        var json = new byte[payload.Json.Length + text.Length + 3];
        payload.Json.AsSpan(0, payload.Json.Length - 1).CopyTo(json);
        var at = payload.Json.Length - 1;
        json[at++] = (byte)',';
        json[at++] = (byte)'"';
        at += System.Text.Encoding.ASCII.GetBytes(text, json.AsSpan(at));
        json[at++] = (byte)'"';
        json[at] = (byte)']';
        return parser.Encode(SocketPacketType.Event, nsp, null, json, payload.Attachments);
    }

    public static EngineIoMessage[] Ack(ISocketIoParser parser, string nsp, long id, IReadOnlyList<object?> args)
        => Encode(parser, SocketPacketType.Ack, nsp, id, null, args);

    /// <summary>The CONNECT reply: the socket's id, and its private id when it is recoverable (as socket.io 4.8 sends <c>{sid, pid}</c>).</summary>
    public static EngineIoMessage Connect(ISocketIoParser parser, string nsp, string sid, string? pid = null)
        => Control(parser, SocketPacketType.Connect, nsp, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("sid", sid);
            if (pid is not null)
            {
                writer.WriteString("pid", pid);
            }

            writer.WriteEndObject();
        });

    public static EngineIoMessage ConnectError(ISocketIoParser parser, string nsp, string message, object? data)
        => Control(parser, SocketPacketType.ConnectError, nsp, writer =>
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

    public static EngineIoMessage Disconnect(ISocketIoParser parser, string nsp) => Single(parser.Encode(SocketPacketType.Disconnect, nsp, null, default, []));

    private static EngineIoMessage Control(ISocketIoParser parser, SocketPacketType type, string nsp, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Single(parser.Encode(type, nsp, null, buffer.WrittenMemory, []));
    }

    /// <summary>A packet without binary values is one message in every format.</summary>
    private static EngineIoMessage Single(EngineIoMessage[] messages)
        => messages is [var message] ? message : throw new InvalidOperationException($"A Socket.IO parser encoded a packet without binary values as {messages.Length} messages.");

    private static EngineIoMessage[] Encode(ISocketIoParser parser, SocketPacketType type, string nsp, long? id, string? eventName, IReadOnlyList<object?> args)
    {
        var (json, attachments) = Write(eventName, args);
        return parser.Encode(type, nsp, id, json.WrittenMemory, attachments);
    }

    /// <summary>The packet's data as a JSON array (the event's name first, if any), binary values as numbered placeholders.</summary>
    private static (ArrayBufferWriter<byte> Json, List<byte[]> Attachments) Write(string? eventName, IReadOnlyList<object?> args)
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

        return (buffer, attachments);
    }
}
