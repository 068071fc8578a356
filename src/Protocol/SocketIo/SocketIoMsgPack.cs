using System.Buffers;
using System.Text.Json;
using OrleansEio.Protocol.MsgPack;

namespace OrleansEio.Protocol.SocketIo;

/// <summary>
/// The wire format of npm <c>socket.io-msgpack-parser</c> 3.0.2: each packet is one binary message, the packet object
/// <c>{type, data, id, nsp}</c> encoded with notepack.io 2.2, binary values inside it as msgpack <c>bin</c> (no attachments,
/// no placeholders, no binary packet types).
/// </summary>
/// <remarks>
/// <para>
/// Packets are decoded into, and encoded from, the JSON model of the JSON parser, so a server handles both formats alike:
/// <see cref="SocketPacket.Data"/> holds the data with each binary value as a placeholder <c>{"_placeholder":true,"num":n}</c>
/// and <see cref="SocketPacket.Attachments"/> the bytes. JavaScript values that JSON has no form for are mapped as
/// <c>JSON.stringify</c> maps them: <c>undefined</c> (notepack's fixext 1) is null in an array and left out of a map (and
/// absent as <c>data</c> or <c>id</c>), a <c>Date</c> (notepack's fixext 8) is its ISO 8601 text (null outside the years 1 to
/// 9999), NaN and the infinities are null. notepack's <c>ArrayBuffer</c> extension (ext 8/16/32 of type 0) is binary like
/// <c>bin</c>. Integer map keys become their decimal text. Refused as <see cref="SocketDecodeError.InvalidMsgPack"/>: other
/// extension types (notepack would hand them over as <c>[type, bytes]</c>), map keys that are neither strings nor integers,
/// malformed or truncated input and trailing bytes. A map holding <c>_placeholder: true</c> is refused
/// (<see cref="SocketDecodeError.InvalidPlaceholder"/>), since the server could not tell it from binary.
/// </para>
/// <para>
/// Validation is socket.io-msgpack-parser's (type 0 to 4, a string namespace, data per type, an integer id or none), and, as
/// the JSON parser, an event's name must be a number or a string that is not reserved (<see cref="SocketIoReservedEvents"/>).
/// </para>
/// <para>
/// Encoding follows notepack (smallest integer format, float 64 for every non-integer, <c>bin</c> for binary) and the key
/// order of the Node server's packets (<c>{type, data, id, nsp}</c> for events, <c>{id, type, data, nsp}</c> for acks), so
/// what is written here is byte for byte what a Node server sends for the same JSON value.
/// </para>
/// </remarks>
public static class SocketIoMsgPack
{
    /// <summary>Decodes one binary message; garbage and crossed budgets are a <see cref="SocketDecodeError"/>, never an exception.</summary>
    public static SocketDecodeError TryDecode(ReadOnlySpan<byte> message, SocketIoMsgPackLimits limits, out SocketPacket? packet)
        => SocketIoMsgPackDecoder.TryDecode(message, limits, out packet);

    /// <summary>Encodes a packet whose data is JSON text, binary values as placeholders numbered into <paramref name="attachments"/>.</summary>
    public static byte[] Encode(SocketPacketType type, string nsp, long? id, ReadOnlyMemory<byte> json, IReadOnlyList<byte[]> attachments)
    {
        if (json.IsEmpty)
        {
            return Encode(type, nsp, id, (JsonElement?)null, attachments);
        }

        using var document = JsonDocument.Parse(json);
        return Encode(type, nsp, id, document.RootElement, attachments);
    }

    /// <summary>Encodes a packet; binary values in <paramref name="data"/> are placeholders numbered into <paramref name="attachments"/>.</summary>
    public static byte[] Encode(SocketPacketType type, string nsp, long? id, JsonElement? data, IReadOnlyList<byte[]> attachments)
    {
        var output = new ArrayBufferWriter<byte>(64);
        Encode(output, type, nsp, id, data, attachments);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Encodes a packet into <paramref name="output"/>; binary values in <paramref name="data"/> are placeholders numbered into
    /// <paramref name="attachments"/>. <see cref="SocketPacketType.BinaryEvent"/> and <see cref="SocketPacketType.BinaryAck"/>
    /// are written as their plain types, since msgpack carries binary inside the packet.
    /// </summary>
    public static void Encode(IBufferWriter<byte> output, SocketPacketType type, string nsp, long? id, JsonElement? data, IReadOnlyList<byte[]> attachments)
    {
        // The msgpack format has no binary packet types: binary travels inside the packet.
        type = type switch
        {
            SocketPacketType.BinaryEvent => SocketPacketType.Event,
            SocketPacketType.BinaryAck => SocketPacketType.Ack,
            _ => type,
        };

        MsgPackWriter.WriteMapHeader(output, 2 + (data is null ? 0 : 1) + (id is null ? 0 : 1));
        if (type == SocketPacketType.Ack && id is { } ackId)
        {
            WriteKey(output, "id"u8);
            MsgPackWriter.WriteInteger(output, ackId);
            id = null;
        }

        WriteKey(output, "type"u8);
        MsgPackWriter.WriteInteger(output, (long)type);
        if (data is { } value)
        {
            WriteKey(output, "data"u8);
            WriteValue(output, value, attachments);
        }

        if (id is { } eventAckId)
        {
            WriteKey(output, "id"u8);
            MsgPackWriter.WriteInteger(output, eventAckId);
        }

        WriteKey(output, "nsp"u8);
        MsgPackWriter.WriteString(output, nsp);
    }

    private static void WriteKey(IBufferWriter<byte> output, ReadOnlySpan<byte> key)
    {
        var span = output.GetSpan(key.Length + 1);
        span[0] = (byte)(MsgPackCode.FixStr | key.Length);
        key.CopyTo(span[1..]);
        output.Advance(key.Length + 1);
    }

    private static void WriteValue(IBufferWriter<byte> output, JsonElement element, IReadOnlyList<byte[]> attachments)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when attachments.Count > 0 && SocketIoParser.TryGetPlaceholder(element, out var num) && num >= 0 && num < attachments.Count:
                MsgPackWriter.WriteBinary(output, attachments[num]);
                break;
            case JsonValueKind.Object:
                var count = 0;
                foreach (var _ in element.EnumerateObject())
                {
                    count++;
                }

                MsgPackWriter.WriteMapHeader(output, count);
                foreach (var property in element.EnumerateObject())
                {
                    MsgPackWriter.WriteString(output, property.Name);
                    WriteValue(output, property.Value, attachments);
                }

                break;
            case JsonValueKind.Array:
                MsgPackWriter.WriteArrayHeader(output, element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    WriteValue(output, item, attachments);
                }

                break;
            case JsonValueKind.String:
                MsgPackWriter.WriteString(output, element.GetString()!);
                break;
            case JsonValueKind.Number:
                WriteNumber(output, element);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                MsgPackWriter.WriteBoolean(output, element.ValueKind == JsonValueKind.True);
                break;
            default:
                MsgPackWriter.WriteNil(output);
                break;
        }
    }

    /// <summary>Integers exactly (beyond JavaScript's 2^53 too); other numbers as the double JavaScript would parse.</summary>
    private static void WriteNumber(IBufferWriter<byte> output, JsonElement number)
    {
        if (number.TryGetInt64(out var integer))
        {
            MsgPackWriter.WriteInteger(output, integer);
        }
        else if (number.TryGetUInt64(out var unsigned))
        {
            MsgPackWriter.WriteUnsigned(output, unsigned);
        }
        else if (number.TryGetDouble(out var value))
        {
            MsgPackWriter.WriteNumber(output, value);
        }
        else
        {
            // Out of the double range (1e400): JavaScript parses it as an infinity.
            MsgPackWriter.WriteDouble(output, number.GetRawText().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity);
        }
    }
}
