using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace OrleansEio.Protocol.EngineIo;

/// <summary>Encodes Engine.IO v4 packets and long-polling payloads into an <see cref="IBufferWriter{T}"/>.</summary>
public static class EngineIoWriter
{
    /// <summary>Writes one text packet as it goes into a WebSocket text frame: type digit, then UTF-8 data.</summary>
    public static void WriteText(in EnginePacket packet, IBufferWriter<byte> output)
    {
        var text = packet.Text ?? string.Empty;
        var span = output.GetSpan(1 + Encoding.UTF8.GetMaxByteCount(text.Length));
        span[0] = (byte)('0' + (int)packet.Type);
        var written = Encoding.UTF8.GetBytes(text, span[1..]);
        output.Advance(1 + written);
    }

    /// <summary>Writes packets as a long-polling payload: joined by 0x1E, binary as <c>b</c> + base64.</summary>
    public static void WritePayload(ReadOnlySpan<EnginePacket> packets, IBufferWriter<byte> output)
    {
        for (var i = 0; i < packets.Length; i++)
        {
            if (i > 0)
            {
                output.GetSpan(1)[0] = EngineIoParser.RecordSeparator;
                output.Advance(1);
            }

            ref readonly var packet = ref packets[i];
            if (packet.IsBinary)
            {
                var data = packet.Binary!;
                var span = output.GetSpan(1 + Base64.GetMaxEncodedToUtf8Length(data.Length));
                span[0] = (byte)'b';
                Base64.EncodeToUtf8(data, span[1..], out _, out var written);
                output.Advance(1 + written);
            }
            else
            {
                WriteText(packet, output);
            }
        }
    }

    /// <summary>Convenience for tests and logs: the payload as a string.</summary>
    public static string EncodePayload(ReadOnlySpan<EnginePacket> packets)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WritePayload(packets, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
