using System.Text;
using CsCheck;
using Xunit.Abstractions;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.Tests.Protocol.Properties;

/// <summary>
/// What a decoder keeps or allocates grows with its input by a small factor, never more: a client cannot make the
/// server spend much more memory than it sent. Inputs are large (up to 256 KB) and built to be the costliest per byte:
/// many tiny packets, long runs of small JSON values, many small attachments.
/// </summary>
[Collection(AllocationMeasurements.Name)]
public class BoundedMemoryProperties(ITestOutputHelper output)
{
    /// <summary>Production's <c>EngineIo:MaxPacketsPerPayload</c>.</summary>
    private const int MaxPacketsPerPayload = 10_000;

    /// <summary>A large input made of one small piece repeated: the cost per byte of the piece, magnified.</summary>
    private static Gen<byte[]> Repeated(Gen<byte[]> piece, byte separator, int largest = 131_072) => Gen.Select(piece, Gen.Int[4_096, largest], (unit, size) =>
    {
        var bytes = new List<byte>(size + unit.Length + 1);
        while (bytes.Count < size)
        {
            if (bytes.Count > 0 && separator != 0)
            {
                bytes.Add(separator);
            }

            bytes.AddRange(unit);
        }

        return bytes.ToArray();
    });

    private static readonly Gen<byte[]> LargePayload = Repeated(
        Gen.OneOf(
            ProtocolGen.EnginePacket.Array[1, 3].Select(p => Encoding.UTF8.GetBytes(EngineIoWriter.EncodePayload(p))),
            Gen.OneOf("2"u8.ToArray(), "4x"u8.ToArray(), "b"u8.ToArray(), "bAA=="u8.ToArray(), "6"u8.ToArray())),
        EngineIoParser.RecordSeparator);

    [Fact]
    public void A_payload_decodes_to_no_more_packets_than_it_has_bytes()
    {
        FixedSample.Check(ProtocolGen.AnyInput, bytes =>
        {
            var packets = new List<EnginePacket>();
            EngineIoParser.TryDecodePayload(bytes, packets);
            Assert.True(packets.Count <= bytes.Length);
        }, seed: 0x5EED_0201, iterations: 3_000);
    }

    /// <summary>
    /// Bound: 2 bytes per input byte plus 128 bytes per packet. Text becomes UTF-16 (at most 2 bytes per UTF-8 byte)
    /// and base64 shrinks to its bytes (3/4); each packet costs its string or array header (up to 32 bytes) and its slot
    /// in the list (24 bytes, up to 96 allocated as the list doubles). Packets are capped by MaxPacketsPerPayload, so
    /// with production settings a payload costs at most 2 × its size + 1.28 MB.
    /// </summary>
    [Fact]
    public void Decoding_a_large_payload_allocates_at_most_two_bytes_per_byte_and_128_per_packet()
    {
        var worst = 0.0;
        FixedSample.Check(LargePayload, bytes =>
        {
            var count = 0;
            var allocated = Allocated(() =>
            {
                var packets = new List<EnginePacket>();
                EngineIoParser.TryDecodePayload(bytes, packets, MaxPacketsPerPayload);
                count = packets.Count;
            });
            var bound = 2L * bytes.Length + 128L * count + 1_024;
            worst = Math.Max(worst, (double)allocated / bound);
            Assert.True(allocated <= bound, $"{allocated} bytes allocated for {bytes.Length} bytes and {count} packets");
        }, seed: 0x5EED_0202, iterations: 100);
        output.WriteLine($"largest share of the bound used: {worst:P1}");
    }

    /// <summary>
    /// Bound: 13 bytes per input character. The parsed data outlives the parse, so the parser keeps a detached copy of
    /// the JSON: its UTF-8 (1 byte per character of structure; a string's characters take at most 3 bytes but then
    /// share one token) and a 12-byte metadata row per token, where a token can be one character (<c>[</c>, <c>]</c>).
    /// Measured on nested arrays: 12.9 bytes per character; flat values (<c>0,</c>) 7. The pooled buffers it borrows
    /// while parsing are not counted once warm. A 1 MB message (maxHttpBufferSize) costs at most 13 MB, once.
    /// </summary>
    [Fact]
    public void Parsing_a_large_Socket_IO_packet_allocates_at_most_thirteen_bytes_per_character()
    {
        var piece = Gen.OneOf(
            Gen.OneOf("0", "\"\"", "{}", "[]", "true", "null", "[0]", "[[0]]", "{\"a\":0}", new string('[', 60) + new string(']', 60)),
            ProtocolGen.Value(binary: false).Select(v => JsonWriting.Write(v, [])));
        var packet = Gen.Select(Repeated(piece.Select(Encoding.UTF8.GetBytes), (byte)',', largest: 65_536), Gen.OneOf("2[\"e\",", "3/n,1[", "0/n,{\"k\":["), (body, head) =>
            head + Encoding.UTF8.GetString(body) + (head[0] == '0' ? "]}" : "]"));
        var worst = 0.0;
        FixedSample.Check(packet, text =>
        {
            var error = SocketDecodeError.None;
            var allocated = Allocated(() => error = SocketIoParser.TryDecode(text, 10, out _));
            var bound = 13L * text.Length + 1_024;
            worst = Math.Max(worst, (double)allocated / bound);
            Assert.True(allocated <= bound, $"{allocated} bytes allocated for {text.Length} characters ({error})");
        }, seed: 0x5EED_0203, iterations: 120, print: t => t[..Math.Min(t.Length, 200)]);
        output.WriteLine($"largest share of the bound used: {worst:P1}");
    }

    /// <summary>
    /// The assembler keeps the arrays it is handed, never copies, and refuses an attachment before keeping it when it
    /// would cross the byte budget: what it holds never exceeds the budget, and it allocates a constant per message.
    /// </summary>
    [Fact]
    public void The_assembler_holds_no_more_than_its_byte_budget_and_allocates_a_constant_per_attachment()
    {
        var frames = Gen.Select(Gen.Int[1, 10], Gen.Int[0, 4_096].Array[1, 40], (count, sizes) => (count, sizes));
        FixedSample.Check(frames, input =>
        {
            var (count, sizes) = input;
            var limits = new SocketIoAssemblerLimits(MaxAttachments: 10, MaxAttachmentBytes: 16_384);
            var assembler = new SocketIoPacketAssembler(limits);
            var text = $"5{count}-[\"up\"{string.Concat(Enumerable.Range(0, count).Select(i => $",{{\"_placeholder\":true,\"num\":{i}}}"))}]";
            var buffers = sizes.Select(size => new byte[size]).ToArray();
            var held = 0;
            var allocated = Allocated(() =>
            {
                assembler.Reset();
                foreach (var buffer in buffers)
                {
                    if (!assembler.IsAwaitingAttachments)
                    {
                        assembler.TryAddText(text, out _);
                    }

                    assembler.TryAddBinary(buffer, out _);
                    held = Math.Max(held, assembler.BufferedBytes);
                }
            });

            Assert.True(held <= limits.MaxAttachmentBytes);

            // The text is parsed once per packet (bounded above); per attachment, only a list slot.
            var parses = buffers.Length / count + 1;
            Assert.True(allocated <= parses * (8L * text.Length + 1_024) + 64L * buffers.Length, $"{allocated} bytes allocated");
        }, seed: 0x5EED_0204, iterations: 2_000);
    }

    /// <summary>Bytes allocated on this thread by the second of two runs (the first warms JIT and pools up).</summary>
    private static long Allocated(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
