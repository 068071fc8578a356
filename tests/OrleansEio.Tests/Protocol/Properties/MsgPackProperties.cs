using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CsCheck;
using OrleansEio.Protocol.SocketIo;
using Xunit.Abstractions;

namespace OrleansEio.Tests.Protocol.Properties;

/// <summary>The msgpack codec: garbage is a typed error, what it writes it reads back, and its memory grows with its input by a bounded factor.</summary>
[Collection(AllocationMeasurements.Name)]
public class MsgPackProperties(ITestOutputHelper output)
{
    private const int Iterations = 3_000;

    /// <summary>The generated packets of the JSON properties, written in the msgpack format.</summary>
    private static readonly Gen<(SocketCase Case, byte[] Bytes)> Encoded = ProtocolGen.SocketPacket.Select(p =>
        (p, SocketIoMsgPack.Encode(p.Type, p.Namespace, p.Id, p.DataJson is null ? [] : Encoding.UTF8.GetBytes(p.DataJson), p.Attachments)));

    /// <summary>A real encoding with one to four edits: a flipped bit, an inserted or deleted byte, a truncation.</summary>
    private static readonly Gen<byte[]> Mutated = Gen.Select(Encoded, Gen.UInt.Array[12, 12], (encoded, random) =>
    {
        var data = new List<byte>(encoded.Bytes);
        for (var e = 0; e < 1 + random[0] % 4; e++)
        {
            var at = data.Count == 0 ? 0 : (int)(random[3 * e + 1] % (uint)data.Count);
            var value = random[3 * e + 2];
            switch (value % 4)
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << (int)(value / 4 % 8));
                    break;
                case 1:
                    data.Insert(at, (byte)(value >> 8));
                    break;
                case 2 when data.Count > 0:
                    data.RemoveAt(at);
                    break;
                case 3:
                    data.RemoveRange(at, data.Count - at);
                    break;
            }
        }

        return data.ToArray();
    });

    private static readonly Gen<SocketIoMsgPackLimits> Limits = Gen.Frequency(
        (3, Gen.Const(SocketIoMsgPackLimits.Default)),
        (1, Gen.Select(Gen.Int[0, 200], Gen.Int[1, 6], Gen.Int[0, 40], (bytes, depth, elements) => new SocketIoMsgPackLimits(bytes, depth, elements))));

    [Fact]
    public void The_msgpack_decoder_never_throws_and_never_crosses_its_budgets()
    {
        var input = Gen.OneOf(Gen.Byte.Array[0, 96], Mutated, Encoded.Select(e => e.Bytes));
        FixedSample.Check(Gen.Select(input, Limits), test =>
        {
            var (bytes, limits) = test;
            var error = SocketIoMsgPack.TryDecode(bytes, limits, out var packet);
            Assert.Equal(error == SocketDecodeError.None, packet is not null);
            if (packet is not null)
            {
                Assert.True(bytes.Length <= limits.MaxBytes);
                Assert.True(Depth(packet.Data) <= limits.MaxDepth);
                Assert.Equal(packet.AttachmentCount, packet.Attachments.Count);
            }
        }, seed: 0x5EED_0301, Iterations, test => Convert.ToHexString(test.Item1) + " " + test.Item2);
    }

    [Fact]
    public void A_packet_survives_the_msgpack_format()
    {
        FixedSample.Check(Encoded, encoded =>
        {
            var (sent, bytes) = encoded;

            Assert.Equal(SocketDecodeError.None, SocketIoMsgPack.TryDecode(bytes, SocketIoMsgPackLimits.Default, out var received));

            // The format has no binary packet types: binary travels inside events and acks.
            var type = sent.Type switch { SocketPacketType.BinaryEvent => SocketPacketType.Event, SocketPacketType.BinaryAck => SocketPacketType.Ack, _ => sent.Type };
            Assert.Equal((type, sent.Namespace, sent.Id), (received!.Type, received.Namespace, received.Id));
            if (sent.DataJson is null)
            {
                Assert.Null(received.Data);
            }
            else
            {
                Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(sent.DataJson).RootElement, received.Data!.Value), received.Data!.Value.GetRawText());
            }

            Assert.Equal(sent.Attachments, received.Attachments);
        }, seed: 0x5EED_0302, Iterations, e => e.Case.ToString());
    }

    /// <summary>
    /// Bound: 40 bytes per input byte. A one-byte msgpack value (nil, an empty array) becomes a JSON token of up to 5
    /// bytes, written once while converting (with the buffer's doublings, up to twice) and kept once in the detached
    /// data, plus the 12-byte metadata row of each token (an array has two). <see cref="SocketIoMsgPackLimits.MaxElements"/>
    /// caps the tokens, so with the defaults one packet costs at most about 4 MB, once.
    /// </summary>
    [Fact]
    public void Decoding_a_large_msgpack_packet_allocates_at_most_forty_bytes_per_byte()
    {
        var piece = Gen.OneOf(
            Gen.OneOf(
                new byte[] { 0xc0 }, [0x90], [0x80], [0xa0], [0xc3], [0x7f], [0xe0], [0xd4, 0, 0], [0x91, 0x91, 0x90],
                [0xcb, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a], [0xc4, 0x01, 0x07], [0x81, 0xa1, 0x61, 0xc0]),
            Encoded.Select(e => e.Bytes));
        var packet = Gen.Select(piece, Gen.Int[1_000, 20_000], (unit, count) =>
        {
            // {type: 2, nsp: "/", data: ["e", unit × count]}
            var bytes = new List<byte>(Convert.FromHexString("83a47479706502a36e7370a12fa464617461dd00000000a165"));
            BinaryPrimitives.WriteUInt32BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes)[19..], (uint)count + 1);
            for (var i = 0; i < count; i++)
            {
                bytes.AddRange(unit);
            }

            return bytes.ToArray();
        });
        var worst = 0.0;
        var limits = new SocketIoMsgPackLimits(MaxBytes: SocketIoMsgPackLimits.MaxBytesLimit, MaxElements: 1_000_000);
        FixedSample.Check(packet, bytes =>
        {
            var error = SocketDecodeError.None;
            var allocated = Allocated(() => error = SocketIoMsgPack.TryDecode(bytes, limits, out _));
            var bound = 40L * bytes.Length + 4_096;
            worst = Math.Max(worst, (double)allocated / bound);
            Assert.True(allocated <= bound, $"{allocated} bytes allocated for {bytes.Length} bytes ({error})");
        }, seed: 0x5EED_0303, iterations: 40, print: b => Convert.ToHexString(b.AsSpan(0, Math.Min(b.Length, 64))));
        output.WriteLine($"largest share of the bound used: {worst:P1}");
    }

    /// <summary>The msgpack nesting of decoded data: a placeholder stands for a binary value, a leaf.</summary>
    private static int Depth(JsonElement? element) => element is not { } value || SocketIoParser.TryGetPlaceholder(value, out _) ? 0 : value.ValueKind switch
    {
        JsonValueKind.Array => 1 + value.EnumerateArray().Select(i => Depth(i)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Object => 1 + value.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    /// <summary>Bytes allocated on this thread by the second of two runs (the first warms JIT and pools up).</summary>
    private static long Allocated(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
