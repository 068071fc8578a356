using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;

namespace OrleansEio.Protocol.EngineIo;

/// <summary>
/// Decodes Engine.IO v4 packets: WebSocket text frames, binary frames and HTTP long-polling payloads
/// (packets joined by the record separator 0x1E, binary packets as <c>b</c> + base64).
/// Garbage becomes an <see cref="EngineDecodeError"/>, never an exception.
/// </summary>
public static class EngineIoParser
{
    /// <summary>The byte that separates the packets of a long-polling payload (ASCII RS, 0x1E).</summary>
    public const byte RecordSeparator = 0x1E;

    /// <summary>Decodes one text packet, e.g. a WebSocket text frame <c>4hello</c>.</summary>
    public static EngineDecodeError TryDecodeText(ReadOnlySpan<char> encoded, out EnginePacket packet)
    {
        packet = default;
        if (encoded.IsEmpty)
        {
            return EngineDecodeError.EmptyPacket;
        }

        var type = encoded[0] - '0';
        if ((uint)type > (uint)EnginePacketType.Noop)
        {
            return EngineDecodeError.UnknownPacketType;
        }

        packet = new EnginePacket((EnginePacketType)type, encoded.Length > 1 ? new string(encoded[1..]) : null);
        return EngineDecodeError.None;
    }

    /// <summary>Decodes one UTF-8 text packet (a WebSocket text frame as received).</summary>
    public static EngineDecodeError TryDecodeText(ReadOnlySpan<byte> utf8, out EnginePacket packet)
    {
        packet = default;
        if (utf8.IsEmpty)
        {
            return EngineDecodeError.EmptyPacket;
        }

        var type = utf8[0] - (byte)'0';
        if ((uint)type > (uint)EnginePacketType.Noop)
        {
            return EngineDecodeError.UnknownPacketType;
        }

        var data = utf8[1..];
        if (!Utf8.IsValid(data))
        {
            return EngineDecodeError.InvalidUtf8;
        }

        packet = new EnginePacket((EnginePacketType)type, data.IsEmpty ? null : Encoding.UTF8.GetString(data));
        return EngineDecodeError.None;
    }

    /// <summary>A WebSocket binary frame is always a binary message.</summary>
    public static EnginePacket DecodeBinaryFrame(ReadOnlySpan<byte> frame) => EnginePacket.Message(frame.ToArray());

    /// <summary>
    /// Decodes a long-polling payload. On error, <paramref name="packets"/> holds what was decoded before it
    /// and must not be used: a malformed payload is rejected whole.
    /// </summary>
    public static EngineDecodeError TryDecodePayload(ReadOnlySpan<byte> utf8, List<EnginePacket> packets, int maxPackets = int.MaxValue)
    {
        if (utf8.IsEmpty)
        {
            return EngineDecodeError.EmptyPacket;
        }

        while (true)
        {
            var end = utf8.IndexOf(RecordSeparator);
            var segment = end < 0 ? utf8 : utf8[..end];
            if (packets.Count >= maxPackets)
            {
                return EngineDecodeError.TooManyPackets;
            }

            var error = TryDecodePayloadPacket(segment, out var packet);
            if (error != EngineDecodeError.None)
            {
                return error;
            }

            packets.Add(packet);
            if (end < 0)
            {
                return EngineDecodeError.None;
            }

            utf8 = utf8[(end + 1)..];
        }
    }

    private static EngineDecodeError TryDecodePayloadPacket(ReadOnlySpan<byte> segment, out EnginePacket packet)
    {
        if (segment.IsEmpty || segment[0] != (byte)'b')
        {
            return TryDecodeText(segment, out packet);
        }

        packet = default;
        var base64 = segment[1..];

        // Sized for the padding too, so the usual packet is decoded into its final array: no second copy.
        var padding = base64.EndsWith("=="u8) ? 2 : base64.EndsWith("="u8) ? 1 : 0;
        var buffer = new byte[Math.Max(0, Base64.GetMaxDecodedFromUtf8Length(base64.Length) - padding)];
        if (Base64.DecodeFromUtf8(base64, buffer, out _, out var written) != OperationStatus.Done)
        {
            return EngineDecodeError.InvalidBase64;
        }

        packet = EnginePacket.Message(written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray());
        return EngineDecodeError.None;
    }
}
