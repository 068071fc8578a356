using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>
/// JSON for Socket.IO arguments: <c>byte[]</c> values travel as binary attachments, written as
/// placeholders <c>{"_placeholder":true,"num":n}</c> and read back from the packet's attachments.
/// </summary>
internal static class SocketIoJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    [ThreadStatic] private static List<byte[]>? t_writing;
    [ThreadStatic] private static IReadOnlyList<byte[]>? t_reading;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new AttachmentConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>A detached JSON value from its text.</summary>
    internal static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A value written with <see cref="Options"/>, read back as its natural .NET type where JSON has one.</summary>
    internal static object? Restore(string json)
    {
        var element = Parse(json);
        return element.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => element.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => element.TryGetInt64(out var integer) ? integer : element.GetDouble(),
            _ => element,
        };
    }

    /// <summary>Writes one argument; binary parts are appended to <paramref name="attachments"/>.</summary>
    internal static void WriteValue(Utf8JsonWriter writer, object? value, List<byte[]> attachments)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case byte[] bytes:
                WritePlaceholder(writer, attachments, bytes);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                var previous = t_writing;
                t_writing = attachments;
                try
                {
                    JsonSerializer.Serialize(writer, value, value.GetType(), Options);
                }
                finally
                {
                    t_writing = previous;
                }

                break;
        }
    }

    /// <summary>Copies a received element, renumbering its placeholders into the outgoing attachment list.</summary>
    internal static void WriteReceived(Utf8JsonWriter writer, JsonElement element, IReadOnlyList<byte[]> source, List<byte[]> attachments)
    {
        if (source.Count == 0)
        {
            element.WriteTo(writer);
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object when SocketIoParser.TryGetPlaceholder(element, out var num):
                WritePlaceholder(writer, attachments, source[num]);
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteReceived(writer, property.Value, source, attachments);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteReceived(writer, item, source, attachments);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    internal static T? Read<T>(JsonElement element, IReadOnlyList<byte[]> attachments)
    {
        var previous = t_reading;
        t_reading = attachments;
        try
        {
            return element.Deserialize<T>(Options);
        }
        finally
        {
            t_reading = previous;
        }
    }

    private static void WritePlaceholder(Utf8JsonWriter writer, List<byte[]> attachments, byte[] bytes)
    {
        writer.WriteStartObject();
        writer.WriteBoolean(SocketIoParser.PlaceholderKey, true);
        writer.WriteNumber("num", attachments.Count);
        writer.WriteEndObject();
        attachments.Add(bytes);
    }

    private sealed class AttachmentConverter : JsonConverter<byte[]>
    {
        public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return reader.GetBytesFromBase64();
            }

            using var placeholder = JsonDocument.ParseValue(ref reader);
            if (SocketIoParser.TryGetPlaceholder(placeholder.RootElement, out var num) && t_reading is { } attachments && num < attachments.Count)
            {
                return attachments[num];
            }

            throw new JsonException("Expected a binary attachment placeholder or a base64 string.");
        }

        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options)
        {
            if (t_writing is { } attachments)
            {
                WritePlaceholder(writer, attachments, value);
            }
            else
            {
                writer.WriteBase64StringValue(value);
            }
        }
    }
}
