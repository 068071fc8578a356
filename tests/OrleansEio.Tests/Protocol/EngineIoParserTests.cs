using System.Text;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Tests.Protocol;

public class EngineIoParserTests
{
    [Theory]
    [InlineData("0{\"sid\":\"x\"}", EnginePacketType.Open, "{\"sid\":\"x\"}")]
    [InlineData("1", EnginePacketType.Close, null)]
    [InlineData("2", EnginePacketType.Ping, null)]
    [InlineData("2probe", EnginePacketType.Ping, "probe")]
    [InlineData("3", EnginePacketType.Pong, null)]
    [InlineData("3probe", EnginePacketType.Pong, "probe")]
    [InlineData("4hello", EnginePacketType.Message, "hello")]
    [InlineData("4", EnginePacketType.Message, null)]
    [InlineData("5", EnginePacketType.Upgrade, null)]
    [InlineData("6", EnginePacketType.Noop, null)]
    public void Every_packet_type_decodes_from_a_text_frame(string frame, EnginePacketType type, string? data)
    {
        Assert.Equal(EngineDecodeError.None, EngineIoParser.TryDecodeText(Encoding.UTF8.GetBytes(frame), out var packet));
        Assert.Equal(type, packet.Type);
        Assert.Equal(data, packet.Text);
        Assert.False(packet.IsBinary);

        Assert.Equal(EngineDecodeError.None, EngineIoParser.TryDecodeText(frame.AsSpan(), out var fromChars));
        Assert.Equal(packet, fromChars);
    }

    [Theory]
    [InlineData("", EngineDecodeError.EmptyPacket)]
    [InlineData("abc", EngineDecodeError.UnknownPacketType)]
    [InlineData("7", EngineDecodeError.UnknownPacketType)]
    [InlineData("/", EngineDecodeError.UnknownPacketType)]
    [InlineData("b", EngineDecodeError.UnknownPacketType)]
    public void Garbage_in_a_text_frame_is_a_typed_error(string frame, EngineDecodeError expected)
    {
        Assert.Equal(expected, EngineIoParser.TryDecodeText(Encoding.UTF8.GetBytes(frame), out _));
    }

    [Fact]
    public void Invalid_utf8_in_a_text_frame_is_a_typed_error()
    {
        Assert.Equal(EngineDecodeError.InvalidUtf8, EngineIoParser.TryDecodeText(new byte[] { (byte)'4', 0xC3, 0x28 }, out _));
    }

    [Fact]
    public void A_binary_frame_is_a_binary_message()
    {
        var packet = EngineIoParser.DecodeBinaryFrame(new byte[] { 1, 2, 3 });
        Assert.Equal(EnginePacketType.Message, packet.Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, packet.Binary);
    }

    [Fact]
    public void A_payload_of_text_and_binary_packets_decodes_in_order()
    {
        var packets = new List<EnginePacket>();
        var error = EngineIoParser.TryDecodePayload("4hello\u001ebAQIDBA==\u001e2\u001e4"u8, packets);

        Assert.Equal(EngineDecodeError.None, error);
        Assert.Equal(
            [EnginePacket.Message("hello"), EnginePacket.Message(new byte[] { 1, 2, 3, 4 }), EnginePacket.Ping, new EnginePacket(EnginePacketType.Message)],
            packets);
    }

    [Fact]
    public void Unicode_outside_the_basic_plane_survives_a_payload_round_trip()
    {
        var text = "héllo 😀 𝄞 — 中文";
        var encoded = EngineIoWriter.EncodePayload([EnginePacket.Message(text), EnginePacket.Message(text)]);
        var packets = new List<EnginePacket>();

        Assert.Equal(EngineDecodeError.None, EngineIoParser.TryDecodePayload(Encoding.UTF8.GetBytes(encoded), packets));
        Assert.Equal([EnginePacket.Message(text), EnginePacket.Message(text)], packets);
    }

    [Fact]
    public void Many_packets_round_trip_through_a_payload()
    {
        var sent = Enumerable.Range(0, 5000).Select(i => i % 3 == 0 ? EnginePacket.Message(new[] { (byte)i, (byte)(i >> 8) }) : EnginePacket.Message("m" + i)).ToArray();
        var packets = new List<EnginePacket>();

        Assert.Equal(EngineDecodeError.None, EngineIoParser.TryDecodePayload(Encoding.UTF8.GetBytes(EngineIoWriter.EncodePayload(sent)), packets));
        Assert.Equal(sent, packets);
    }

    [Theory]
    [InlineData("", EngineDecodeError.EmptyPacket)]
    [InlineData("abc", EngineDecodeError.UnknownPacketType)]
    [InlineData("4a\u001e\u001e4b", EngineDecodeError.EmptyPacket)]
    [InlineData("4a\u001e", EngineDecodeError.EmptyPacket)]
    [InlineData("4a\u001e9", EngineDecodeError.UnknownPacketType)]
    [InlineData("b!!!", EngineDecodeError.InvalidBase64)]
    [InlineData("bAQI", EngineDecodeError.InvalidBase64)]
    public void A_malformed_payload_is_a_typed_error(string payload, EngineDecodeError expected)
    {
        Assert.Equal(expected, EngineIoParser.TryDecodePayload(Encoding.UTF8.GetBytes(payload), []));
    }

    [Fact]
    public void A_payload_over_the_packet_limit_is_refused()
    {
        var payload = string.Join('\u001e', Enumerable.Repeat("4", 11));
        Assert.Equal(EngineDecodeError.TooManyPackets, EngineIoParser.TryDecodePayload(Encoding.UTF8.GetBytes(payload), [], maxPackets: 10));
        Assert.Equal(EngineDecodeError.None, EngineIoParser.TryDecodePayload(Encoding.UTF8.GetBytes(payload), [], maxPackets: 11));
    }

    [Fact]
    public void An_empty_binary_packet_is_an_empty_binary_message()
    {
        var packets = new List<EnginePacket>();
        Assert.Equal(EngineDecodeError.None, EngineIoParser.TryDecodePayload("b"u8, packets));
        Assert.Equal([EnginePacket.Message(Array.Empty<byte>())], packets);
    }
}
