using System.Buffers;
using System.Text;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Tests.Protocol;

public class EngineIoWriterTests
{
    [Fact]
    public void Every_packet_type_encodes_as_its_digit_then_its_data()
    {
        EnginePacket[] packets =
        [
            new(EnginePacketType.Open, "{}"), EnginePacket.Close, EnginePacket.Ping, EnginePacket.PongProbe,
            EnginePacket.Message("hi"), EnginePacket.Upgrade, EnginePacket.Noop,
        ];
        string[] expected = ["0{}", "1", "2", "3probe", "4hi", "5", "6"];

        for (var i = 0; i < packets.Length; i++)
        {
            var buffer = new ArrayBufferWriter<byte>();
            EngineIoWriter.WriteText(packets[i], buffer);
            Assert.Equal(expected[i], Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    [Fact]
    public void A_payload_joins_packets_with_the_record_separator_and_base64_encodes_binary()
    {
        var payload = EngineIoWriter.EncodePayload([EnginePacket.Message("hello"), EnginePacket.Message(new byte[] { 1, 2, 3, 4 })]);
        Assert.Equal("4hello\u001ebAQIDBA==", payload);
    }

    [Fact]
    public void An_empty_payload_is_empty_and_a_single_packet_has_no_separator()
    {
        Assert.Equal(string.Empty, EngineIoWriter.EncodePayload([]));
        Assert.Equal("6", EngineIoWriter.EncodePayload([EnginePacket.Noop]));
    }

    [Fact]
    public void Large_messages_are_written_whole()
    {
        var big = new string('x', 200_000) + "😀";
        var payload = EngineIoWriter.EncodePayload([EnginePacket.Message(big), EnginePacket.Message(new byte[100_000])]);
        var packets = new List<EnginePacket>();

        Assert.Equal(EngineDecodeError.None, EngineIoParser.TryDecodePayload(Encoding.UTF8.GetBytes(payload), packets));
        Assert.Equal(big, packets[0].Text);
        Assert.Equal(100_000, packets[1].Binary!.Length);
    }
}
