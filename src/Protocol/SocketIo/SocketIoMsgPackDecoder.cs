using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using OrleansEio.Protocol.MsgPack;

namespace OrleansEio.Protocol.SocketIo;

/// <summary>
/// Decodes one msgpack packet into the JSON model the JSON parser produces: binary values become placeholders
/// <c>{"_placeholder":true,"num":n}</c> numbered into <see cref="SocketPacket.Attachments"/>. See <see cref="SocketIoMsgPack"/>
/// for how JavaScript values without a JSON form are mapped.
/// </summary>
internal ref struct SocketIoMsgPackDecoder
{
    private MsgPackReader _reader;
    private readonly SocketIoMsgPackLimits _limits;
    private int _elements;

    private SocketIoMsgPackDecoder(ReadOnlySpan<byte> input, SocketIoMsgPackLimits limits)
    {
        _reader = new MsgPackReader(input);
        _limits = limits;
    }

    public static SocketDecodeError TryDecode(ReadOnlySpan<byte> input, SocketIoMsgPackLimits limits, out SocketPacket? packet)
    {
        packet = null;
        if (input.Length > limits.MaxBytes)
        {
            return SocketDecodeError.TooLarge;
        }

        var decoder = new SocketIoMsgPackDecoder(input, limits);
        return decoder.DecodePacket(out packet);
    }

    private SocketDecodeError DecodePacket(out SocketPacket? packet)
    {
        packet = null;
        if (!_reader.TryRead(out var root))
        {
            return SocketDecodeError.InvalidMsgPack;
        }

        if (root.Kind != MsgPackKind.Map)
        {
            // Well-formed msgpack that is not an object has no packet type, as the reference decoder reports.
            var malformed = Skip(root, depth: 0);
            return malformed != SocketDecodeError.None ? malformed
                : _reader.Remaining != 0 ? SocketDecodeError.InvalidMsgPack : SocketDecodeError.UnknownPacketType;
        }

        var error = Count(root, depth: 0);
        if (error != SocketDecodeError.None)
        {
            return error;
        }

        // Later keys win, as when JavaScript assigns them to one object; keys other than these four (the client's "options") are checked and dropped.
        MsgPackToken? type = null;
        string? nsp = null;
        MsgPackToken? id = null;
        JsonElement? data = null;
        List<byte[]> attachments = [];
        for (var i = 0; i < root.Length; i++)
        {
            if (!_reader.TryRead(out var key) || !_reader.TryRead(out var value))
            {
                return SocketDecodeError.InvalidMsgPack;
            }

            // Only a string key can name a packet field; an integer key is an unknown field, anything else is refused.
            if (key.Kind is not (MsgPackKind.String or MsgPackKind.Integer))
            {
                return SocketDecodeError.InvalidMsgPack;
            }

            var name = key.Kind == MsgPackKind.String ? _reader.Slice(key.Offset, key.Length) : "?"u8;
            if (name.SequenceEqual("data"u8))
            {
                attachments = [];
                error = ReadData(value, attachments, out data);
            }
            else
            {
                error = Skip(value, depth: 1);
                if (name.SequenceEqual("type"u8))
                {
                    type = value;
                }
                else if (name.SequenceEqual("nsp"u8))
                {
                    nsp = value.Kind == MsgPackKind.String ? ReadString(value) : null;
                }
                else if (name.SequenceEqual("id"u8))
                {
                    id = value.Kind == MsgPackKind.Undefined ? null : value;
                }
            }

            if (error != SocketDecodeError.None)
            {
                return error;
            }
        }

        if (_reader.Remaining != 0)
        {
            return SocketDecodeError.InvalidMsgPack;
        }

        return Validate(type, nsp, id, data, attachments, out packet);
    }

    private static SocketDecodeError Validate(MsgPackToken? type, string? nsp, MsgPackToken? id, JsonElement? data, List<byte[]> attachments, out SocketPacket? packet)
    {
        packet = null;
        if (type is not { } t || !t.TryGetInteger(out var number) || number < (long)SocketPacketType.Connect || number > (long)SocketPacketType.ConnectError)
        {
            return SocketDecodeError.UnknownPacketType;
        }

        if (nsp is null)
        {
            return SocketDecodeError.InvalidNamespace;
        }

        var kind = (SocketPacketType)number;
        if (!IsDataValid(kind, data))
        {
            return SocketDecodeError.InvalidPayload;
        }

        long? ackId = null;
        if (id is { } i)
        {
            if (!i.TryGetInteger(out var value))
            {
                return SocketDecodeError.InvalidAckId;
            }

            ackId = value;
        }

        packet = new SocketPacket { Type = kind, Namespace = nsp, Id = ackId, AttachmentCount = attachments.Count, Data = data };
        packet.Attachments.AddRange(attachments);
        return SocketDecodeError.None;
    }

    /// <summary>
    /// socket.io-msgpack-parser's checks, and the JSON parser's for event names: a number, or a string that is not reserved
    /// (the npm msgpack parser does not look at the name; refusing a reserved one here keeps both formats alike).
    /// </summary>
    private static bool IsDataValid(SocketPacketType type, JsonElement? data) => type switch
    {
        SocketPacketType.Connect => data is null || data.Value.ValueKind == JsonValueKind.Object,
        SocketPacketType.Disconnect => data is null,
        SocketPacketType.ConnectError => data is { ValueKind: JsonValueKind.Object or JsonValueKind.String },
        SocketPacketType.Event => data is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() > 0
            && (array[0].ValueKind == JsonValueKind.Number
                || (array[0].ValueKind == JsonValueKind.String && !SocketIoReservedEvents.IsReserved(array[0]))),
        _ => data is { ValueKind: JsonValueKind.Array },
    };

    private SocketDecodeError ReadData(MsgPackToken value, List<byte[]> attachments, out JsonElement? data)
    {
        data = null;
        if (value.Kind == MsgPackKind.Undefined)
        {
            return SocketDecodeError.None;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        SocketDecodeError error;
        // Relaxed escaping keeps non-ASCII text as UTF-8 (the model is read back here, never embedded in HTML).
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true, MaxDepth = _limits.MaxDepth + 2 };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            error = Write(value, writer, attachments, depth: 1);
        }

        if (error != SocketDecodeError.None)
        {
            return error;
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = _limits.MaxDepth + 2 });
            data = document.RootElement.Clone();
            return SocketDecodeError.None;
        }
        catch (JsonException)
        {
            // Unreachable for JSON written above; kept so that no input can make the decoder throw.
            return SocketDecodeError.InvalidMsgPack;
        }
    }

    /// <summary>Writes one value (its header already read) as JSON; <paramref name="writer"/> null only checks it.</summary>
    private SocketDecodeError Write(MsgPackToken token, Utf8JsonWriter? writer, List<byte[]>? attachments, int depth)
    {
        switch (token.Kind)
        {
            case MsgPackKind.Nil or MsgPackKind.Undefined:
                writer?.WriteNullValue();
                return SocketDecodeError.None;
            case MsgPackKind.Boolean:
                writer?.WriteBooleanValue(token.Boolean);
                return SocketDecodeError.None;
            case MsgPackKind.Integer:
                writer?.WriteNumberValue(token.Integer);
                return SocketDecodeError.None;
            case MsgPackKind.Unsigned:
                writer?.WriteNumberValue(token.Unsigned);
                return SocketDecodeError.None;
            case MsgPackKind.Float when double.IsFinite(token.Float):
                writer?.WriteNumberValue(token.Float);
                return SocketDecodeError.None;
            case MsgPackKind.Float:
                // NaN and the infinities have no JSON form; JSON.stringify writes null for them too.
                writer?.WriteNullValue();
                return SocketDecodeError.None;
            case MsgPackKind.String:
                if (writer is not null)
                {
                    WriteString(writer, _reader.Slice(token.Offset, token.Length), propertyName: false);
                }

                return SocketDecodeError.None;
            case MsgPackKind.Binary:
                if (writer is not null)
                {
                    writer.WriteStartObject();
                    writer.WriteBoolean(SocketIoParser.PlaceholderKey, true);
                    writer.WriteNumber("num", attachments!.Count);
                    writer.WriteEndObject();
                    attachments.Add(_reader.Slice(token.Offset, token.Length).ToArray());
                }

                return SocketDecodeError.None;
            case MsgPackKind.Date:
                WriteDate(writer, token.Integer);
                return SocketDecodeError.None;
            case MsgPackKind.Array:
                return WriteArray(token, writer, attachments, depth);
            default:
                return WriteMap(token, writer, attachments, depth);
        }
    }

    private SocketDecodeError WriteArray(MsgPackToken token, Utf8JsonWriter? writer, List<byte[]>? attachments, int depth)
    {
        var error = Count(token, depth);
        if (error != SocketDecodeError.None)
        {
            return error;
        }

        writer?.WriteStartArray();
        for (var i = 0; i < token.Length; i++)
        {
            if (!_reader.TryRead(out var item))
            {
                return SocketDecodeError.InvalidMsgPack;
            }

            // undefined in an array is null, as JSON.stringify writes it.
            error = Write(item, writer, attachments, depth + 1);
            if (error != SocketDecodeError.None)
            {
                return error;
            }
        }

        writer?.WriteEndArray();
        return SocketDecodeError.None;
    }

    private SocketDecodeError WriteMap(MsgPackToken token, Utf8JsonWriter? writer, List<byte[]>? attachments, int depth)
    {
        var error = Count(token, depth);
        if (error != SocketDecodeError.None)
        {
            return error;
        }

        writer?.WriteStartObject();
        for (var i = 0; i < token.Length; i++)
        {
            if (!_reader.TryRead(out var key) || !_reader.TryRead(out var value))
            {
                return SocketDecodeError.InvalidMsgPack;
            }

            // Object keys are strings in JavaScript; an integer key becomes its decimal text, as JavaScript converts it.
            if (key.Kind is not (MsgPackKind.String or MsgPackKind.Integer))
            {
                return SocketDecodeError.InvalidMsgPack;
            }

            var name = key.Kind == MsgPackKind.String ? _reader.Slice(key.Offset, key.Length) : default;

            // A map shaped like a placeholder would read as an attachment on the server: refused rather than misread.
            if (value.Kind == MsgPackKind.Boolean && value.Boolean && key.Kind == MsgPackKind.String && name.SequenceEqual("_placeholder"u8))
            {
                return SocketDecodeError.InvalidPlaceholder;
            }

            // undefined as a member is left out, as JSON.stringify leaves it out.
            var write = value.Kind == MsgPackKind.Undefined ? null : writer;
            if (write is not null)
            {
                if (key.Kind == MsgPackKind.String)
                {
                    WriteString(write, name, propertyName: true);
                }
                else
                {
                    write.WritePropertyName(key.Integer.ToString(CultureInfo.InvariantCulture));
                }
            }

            error = Write(value, write, attachments, depth + 1);
            if (error != SocketDecodeError.None)
            {
                return error;
            }
        }

        writer?.WriteEndObject();
        return SocketDecodeError.None;
    }

    /// <summary>Checks a value the packet does not use (the client's "options") without keeping it.</summary>
    private SocketDecodeError Skip(MsgPackToken token, int depth) => Write(token, null, null, depth);

    /// <summary>Charges a container to the budgets before any of its items is read.</summary>
    private SocketDecodeError Count(MsgPackToken container, int depth)
    {
        if (depth > _limits.MaxDepth)
        {
            return SocketDecodeError.TooDeep;
        }

        // Every item takes at least one byte, every entry two: a count the input cannot hold is truncated input.
        var minimumBytes = container.Kind == MsgPackKind.Map ? 2L * container.Length : container.Length;
        if (minimumBytes > _reader.Remaining)
        {
            return SocketDecodeError.InvalidMsgPack;
        }

        _elements += container.Length;
        return _elements > _limits.MaxElements || _elements < 0 ? SocketDecodeError.TooManyElements : SocketDecodeError.None;
    }

    private readonly string ReadString(MsgPackToken token) => Encoding.UTF8.GetString(_reader.Slice(token.Offset, token.Length));

    /// <summary>Invalid UTF-8 becomes U+FFFD, as Node's Buffer.toString does.</summary>
    private static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8, bool propertyName)
    {
        if (Utf8.IsValid(utf8))
        {
            if (propertyName)
            {
                writer.WritePropertyName(utf8);
            }
            else
            {
                writer.WriteStringValue(utf8);
            }

            return;
        }

        var text = Encoding.UTF8.GetString(utf8);
        if (propertyName)
        {
            writer.WritePropertyName(text);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    /// <summary>A Date as Date.toJSON writes it; outside the years 1 to 9999 it is null (an invalid Date's JSON).</summary>
    private static void WriteDate(Utf8JsonWriter? writer, long milliseconds)
    {
        if (writer is null)
        {
            return;
        }

        if (milliseconds < -62_135_596_800_000 || milliseconds > 253_402_300_799_999)
        {
            writer.WriteNullValue();
            return;
        }

        var date = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        writer.WriteStringValue(date.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
