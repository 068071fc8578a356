using System.Text;
using System.Text.Json;
using CsCheck;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.Tests.Protocol.Properties;

/// <summary>What the encoders write, the decoders read back as it was.</summary>
public class RoundTripProperties
{
    private const int Iterations = 3_000;

    [Fact]
    public void An_Engine_IO_text_packet_survives_a_WebSocket_text_frame()
    {
        var textPacket = ProtocolGen.EnginePacket.Where(p => !p.IsBinary);
        FixedSample.Check(textPacket, sent =>
        {
            var frame = new System.Buffers.ArrayBufferWriter<byte>();
            EngineIoWriter.WriteText(sent, frame);

            Assert.Equal(EngineDecodeError.None, EngineIoParser.TryDecodeText(frame.WrittenSpan, out var fromBytes));
            Assert.Equal(sent, fromBytes);
            Assert.Equal(EngineDecodeError.None, EngineIoParser.TryDecodeText(Encoding.UTF8.GetString(frame.WrittenSpan).AsSpan(), out var fromChars));
            Assert.Equal(sent, fromChars);
        }, seed: 0x5EED_0101, Iterations, p => p.ToString());
    }

    [Fact]
    public void An_Engine_IO_payload_survives_encoding()
    {
        FixedSample.Check(ProtocolGen.EnginePayload, sent =>
        {
            var received = new List<EnginePacket>();
            var error = EngineIoParser.TryDecodePayload(Encoding.UTF8.GetBytes(EngineIoWriter.EncodePayload(sent)), received);

            Assert.Equal(EngineDecodeError.None, error);
            Assert.Equal(sent, received);
        }, seed: 0x5EED_0102, Iterations, p => EngineIoWriter.EncodePayload(p));
    }

    [Fact]
    public void A_Socket_IO_packet_survives_encoding_with_its_attachments_at_any_depth()
    {
        FixedSample.Check(ProtocolGen.SocketPacket, sent =>
        {
            var assembler = new SocketIoPacketAssembler(new SocketIoAssemblerLimits(MaxAttachments: 1_000, MaxAttachmentBytes: int.MaxValue));
            AssertReceived(sent, Feed(assembler, sent.Messages).Single());
        }, seed: 0x5EED_0103, Iterations, p => p.ToString());
    }

    [Fact]
    public void Socket_IO_packets_survive_a_polling_payload_and_reassembly()
    {
        FixedSample.Check(ProtocolGen.SocketPacket.Array[1, 5], sent =>
        {
            EnginePacket[] wire = [.. sent.SelectMany(p => p.Messages).Select(m => m.Text is { } text ? EnginePacket.Message(text) : EnginePacket.Message(m.Binary!))];
            var decoded = new List<EnginePacket>();
            Assert.Equal(EngineDecodeError.None, EngineIoParser.TryDecodePayload(Encoding.UTF8.GetBytes(EngineIoWriter.EncodePayload(wire)), decoded));

            var assembler = new SocketIoPacketAssembler(new SocketIoAssemblerLimits(MaxAttachments: 1_000, MaxAttachmentBytes: int.MaxValue));
            var received = Feed(assembler, decoded.Select(p => p.IsBinary ? new Message(null, p.Binary) : new Message(p.Text ?? string.Empty, null)));

            Assert.Equal(sent.Length, received.Count);
            for (var i = 0; i < sent.Length; i++)
            {
                AssertReceived(sent[i], received[i]);
            }
        }, seed: 0x5EED_0104, Iterations / 3, p => string.Join(" ; ", p.AsEnumerable()));
    }

    private static List<SocketPacket> Feed(SocketIoPacketAssembler assembler, IEnumerable<Message> messages)
    {
        var packets = new List<SocketPacket>();
        foreach (var message in messages)
        {
            var error = message.Binary is { } binary
                ? assembler.TryAddBinary(binary, out var packet)
                : assembler.TryAddText(message.Text!, out packet);
            Assert.Equal(SocketDecodeError.None, error);
            if (packet is not null)
            {
                packets.Add(packet);
            }
        }

        Assert.False(assembler.IsAwaitingAttachments);
        return packets;
    }

    private static void AssertReceived(SocketCase sent, SocketPacket received)
    {
        Assert.Equal((sent.Type, sent.Namespace, sent.Id, sent.Attachments.Length), (received.Type, received.Namespace, received.Id, received.AttachmentCount));
        Assert.Equal(sent.Attachments, received.Attachments);
        if (sent.DataJson is null)
        {
            Assert.Null(received.Data);
        }
        else
        {
            using var expected = JsonDocument.Parse(sent.DataJson);
            Assert.True(JsonElement.DeepEquals(expected.RootElement, received.Data!.Value), $"{sent.DataJson} came back as {received.Data}");
        }
    }
}
