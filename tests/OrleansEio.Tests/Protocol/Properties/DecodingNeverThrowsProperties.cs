using System.Text;
using CsCheck;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.Tests.Protocol.Properties;

/// <summary>Whatever a client sends, the decoders answer with a packet or a typed error; nothing throws.</summary>
public class DecodingNeverThrowsProperties
{
    private const int Iterations = 3_000;

    [Fact]
    public void The_WebSocket_text_frame_decoder_never_throws()
    {
        FixedSample.Check(ProtocolGen.AnyInput, bytes =>
        {
            var error = EngineIoParser.TryDecodeText(bytes, out var packet);
            if (error != EngineDecodeError.None)
            {
                Assert.Equal(default, packet);
            }

            EngineIoParser.TryDecodeText(Encoding.Latin1.GetString(bytes).AsSpan(), out _);
        }, seed: 0x5EED_0001, Iterations, Show);
    }

    [Fact]
    public void The_WebSocket_text_frame_decoder_never_throws_on_any_UTF_16()
    {
        FixedSample.Check(Gen.String[ProtocolGen.AnyChar, 0, 64], text => EngineIoParser.TryDecodeText(text.AsSpan(), out _), seed: 0x5EED_0002, Iterations);
    }

    [Fact]
    public void The_polling_payload_decoder_never_throws()
    {
        FixedSample.Check(Gen.Select(ProtocolGen.AnyInput, Gen.Int[1, 20]), input =>
        {
            var (bytes, maxPackets) = input;
            var packets = new List<EnginePacket>();
            var error = EngineIoParser.TryDecodePayload(bytes, packets, maxPackets);
            Assert.True(packets.Count <= maxPackets);
            Assert.True(error != EngineDecodeError.None || packets.Count > 0);
        }, seed: 0x5EED_0003, Iterations, input => Show(input.Item1));
    }

    [Fact]
    public void The_Socket_IO_parser_never_throws()
    {
        var text = Gen.OneOf(
            Gen.String[ProtocolGen.AnyChar, 0, 64],
            ProtocolGen.AnyInput.Select(b => Encoding.UTF8.GetString(b)),
            ProtocolGen.AnyInput.Select(b => Encoding.Latin1.GetString(b)));
        FixedSample.Check(text, input =>
        {
            var error = SocketIoParser.TryDecode(input, 10, out var packet);
            Assert.Equal(error == SocketDecodeError.None, packet is not null);
        }, seed: 0x5EED_0004, Iterations);
    }

    [Fact]
    public void The_assembler_never_throws_and_never_yields_an_incomplete_packet_or_crosses_its_budgets()
    {
        var limits = Gen.Select(Gen.Int[0, 12], Gen.Int[0, 200], (count, bytes) => new SocketIoAssemblerLimits(count, bytes));
        FixedSample.Check(Gen.Select(limits, ProtocolGen.MessageSequence), input =>
        {
            var (limit, messages) = input;
            var assembler = new SocketIoPacketAssembler(limit);
            foreach (var message in messages)
            {
                var error = message.Binary is { } binary
                    ? assembler.TryAddBinary(binary, out var packet)
                    : assembler.TryAddText(message.Text!, out packet);
                Assert.True(assembler.BufferedBytes <= limit.MaxAttachmentBytes);
                if (error != SocketDecodeError.None)
                {
                    Assert.Null(packet);
                    Assert.False(assembler.IsAwaitingAttachments);
                }
                else if (packet is not null)
                {
                    Assert.Equal(packet.AttachmentCount, packet.Attachments.Count);
                    Assert.True(packet.AttachmentCount <= limit.MaxAttachments);
                    Assert.True(packet.Attachments.Sum(a => (long)a.Length) <= limit.MaxAttachmentBytes);
                }
            }
        }, seed: 0x5EED_0005, Iterations, input => $"{input.Item1}: {string.Join(" | ", input.Item2.AsEnumerable())}");
    }

    private static string Show(byte[] bytes) => Convert.ToHexString(bytes);
}
