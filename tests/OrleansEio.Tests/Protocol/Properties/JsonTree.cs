using System.Text.Json;

namespace OrleansEio.Tests.Protocol.Properties;

/// <summary>A generated JSON value; <see cref="JsonBinary"/> leaves become attachments and placeholders when written.</summary>
internal abstract record Json;

internal sealed record JsonNull : Json;

internal sealed record JsonBool(bool Value) : Json;

internal sealed record JsonNumber(long Value) : Json;

internal sealed record JsonFraction(double Value) : Json;

internal sealed record JsonString(string Value) : Json;

internal sealed record JsonArray(Json[] Items) : Json;

internal sealed record JsonObject(Json[] Values) : Json;

internal sealed record JsonBinary(byte[] Data) : Json;

internal static class JsonWriting
{
    /// <summary>Writes the value; binary leaves become placeholders numbered in document order, as the reference encoder does.</summary>
    public static string Write(Json value, List<byte[]> attachments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, attachments);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, Json value, List<byte[]> attachments)
    {
        switch (value)
        {
            case JsonBool b:
                writer.WriteBooleanValue(b.Value);
                break;
            case JsonNumber n:
                writer.WriteNumberValue(n.Value);
                break;
            case JsonFraction f:
                writer.WriteNumberValue(f.Value);
                break;
            case JsonString s:
                writer.WriteStringValue(s.Value);
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    Write(writer, item, attachments);
                }

                writer.WriteEndArray();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                for (var i = 0; i < o.Values.Length; i++)
                {
                    // Distinct names that can never be "_placeholder".
                    writer.WritePropertyName("k" + i);
                    Write(writer, o.Values[i], attachments);
                }

                writer.WriteEndObject();
                break;
            case JsonBinary bin:
                writer.WriteStartObject();
                writer.WriteBoolean("_placeholder", true);
                writer.WriteNumber("num", attachments.Count);
                writer.WriteEndObject();
                attachments.Add(bin.Data);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
