using System.Text.Json;

namespace OrleansEio.Protocol.SocketIo;

/// <summary>
/// Decodes the text part of Socket.IO v5 packets: <c>type[attachments-][/namespace,][ackId][json]</c>.
/// Validates the payload per type as the reference parser does; garbage becomes a <see cref="SocketDecodeError"/>.
/// </summary>
public static class SocketIoParser
{
    /// <summary>The key that marks a binary placeholder, <c>{"_placeholder":true,"num":n}</c>, in a binary packet's data.</summary>
    public const string PlaceholderKey = "_placeholder";

    private const int MaxAckIdDigits = 15;

    /// <summary>
    /// Decodes one text message. A binary packet comes back with no attachments yet (<see cref="SocketPacket.IsComplete"/> is
    /// false) and must announce at most <paramref name="maxAttachments"/> of them; <see cref="SocketIoPacketAssembler"/> collects
    /// the binary messages that follow. On an error <paramref name="packet"/> is null.
    /// </summary>
    public static SocketDecodeError TryDecode(string text, int maxAttachments, out SocketPacket? packet)
    {
        packet = null;
        if (text.Length == 0)
        {
            return SocketDecodeError.EmptyPacket;
        }

        var type = text[0] - '0';
        if ((uint)type > (uint)SocketPacketType.BinaryAck)
        {
            return SocketDecodeError.UnknownPacketType;
        }

        var kind = (SocketPacketType)type;
        var i = 1;
        var attachments = 0;
        if (kind is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck)
        {
            var dash = text.IndexOf('-', i);
            if (dash <= i || !int.TryParse(text.AsSpan(i, dash - i), System.Globalization.NumberStyles.None, null, out attachments) || attachments > maxAttachments)
            {
                return SocketDecodeError.InvalidAttachments;
            }

            i = dash + 1;
        }

        var nsp = "/";
        if (i < text.Length && text[i] == '/')
        {
            var comma = text.IndexOf(',', i);
            var end = comma < 0 ? text.Length : comma;
            nsp = text[i..end];
            i = comma < 0 ? text.Length : comma + 1;
        }

        long? id = null;
        var digits = i;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits > i)
        {
            if (digits - i > MaxAckIdDigits)
            {
                return SocketDecodeError.InvalidAckId;
            }

            id = long.Parse(text.AsSpan(i, digits - i), System.Globalization.NumberStyles.None);
            i = digits;
        }

        JsonElement? data = null;
        if (i < text.Length)
        {
            try
            {
                using var document = JsonDocument.Parse(text.AsMemory(i));
                data = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return SocketDecodeError.InvalidJson;
            }
        }

        if (!IsPayloadValid(kind, data, id))
        {
            return SocketDecodeError.InvalidPayload;
        }

        if (kind is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck && !PlaceholdersFit(data!.Value, attachments))
        {
            return SocketDecodeError.InvalidPlaceholder;
        }

        packet = new SocketPacket { Type = kind, Namespace = nsp, Id = id, AttachmentCount = attachments, Data = data };
        return SocketDecodeError.None;
    }

    private static bool IsPayloadValid(SocketPacketType type, JsonElement? data, long? id) => type switch
    {
        SocketPacketType.Connect => data is null || data.Value.ValueKind == JsonValueKind.Object,
        SocketPacketType.Disconnect => data is null,
        SocketPacketType.ConnectError => data is { ValueKind: JsonValueKind.Object or JsonValueKind.String },
        // As socket.io-parser 4.2: a number is a name (the server dispatches it under its text), a reserved string is not.
        SocketPacketType.Event or SocketPacketType.BinaryEvent =>
            data is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() > 0
            && (array[0].ValueKind == JsonValueKind.Number
                || (array[0].ValueKind == JsonValueKind.String && !SocketIoReservedEvents.IsReserved(array[0]))),
        SocketPacketType.Ack or SocketPacketType.BinaryAck => id is not null && data is { ValueKind: JsonValueKind.Array },
        _ => false,
    };

    /// <summary>
    /// Every announced attachment is named by exactly one placeholder, as the reference encoder writes them: a repeated
    /// or missing one would hand a handler the same bytes twice or a hole.
    /// </summary>
    private static bool PlaceholdersFit(JsonElement data, int attachments)
    {
        // attachments is at most the configured budget; small counts (all real ones) stay on the stack.
        Span<bool> named = attachments <= 256 ? stackalloc bool[attachments] : new bool[attachments];
        var count = 0;
        return NamePlaceholders(data, named, ref count) && count == attachments;
    }

    private static bool NamePlaceholders(JsonElement element, Span<bool> named, ref int count)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!NamePlaceholders(item, named, ref count))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                if (element.TryGetProperty(PlaceholderKey, out var flag) && flag.ValueKind == JsonValueKind.True)
                {
                    if (!TryGetPlaceholder(element, out var num) || (uint)num >= (uint)named.Length || named[num])
                    {
                        return false;
                    }

                    named[num] = true;
                    count++;
                    return true;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (!NamePlaceholders(property.Value, named, ref count))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>Recognizes <c>{"_placeholder":true,"num":n}</c>.</summary>
    public static bool TryGetPlaceholder(JsonElement element, out int num)
    {
        num = -1;

        // TryGetInt32 throws on a value that is not a number ("num":"0"), so the kind is checked first.
        return element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(PlaceholderKey, out var flag) && flag.ValueKind == JsonValueKind.True
            && element.TryGetProperty("num", out var number) && number.ValueKind == JsonValueKind.Number
            && number.TryGetInt32(out num);
    }
}
