using System.Text.Json;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.Tests.Protocol;

public class SocketIoParserTests
{
    private static SocketPacket Decode(string text)
    {
        Assert.Equal(SocketDecodeError.None, SocketIoParser.TryDecode(text, 10, out var packet));
        return packet!;
    }

    [Fact]
    public void A_connect_to_the_main_namespace_has_no_payload()
    {
        var packet = Decode("0");
        Assert.Equal((SocketPacketType.Connect, "/", (long?)null, (JsonElement?)null), (packet.Type, packet.Namespace, packet.Id, packet.Data));
    }

    [Fact]
    public void A_connect_to_a_namespace_carries_its_auth_object()
    {
        var packet = Decode("0/admin,{\"token\":\"123\"}");
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal("123", packet.Data!.Value.GetProperty("token").GetString());
    }

    [Theory]
    [InlineData("0/custom", "/custom")]
    [InlineData("0/custom,", "/custom")]
    [InlineData("1/custom,", "/custom")]
    [InlineData("1", "/")]
    public void A_namespace_ends_at_a_comma_or_at_the_end(string text, string nsp)
    {
        Assert.Equal(nsp, Decode(text).Namespace);
    }

    [Fact]
    public void An_event_with_an_ack_id_and_a_namespace_decodes_all_parts()
    {
        var packet = Decode("2/chat,42[\"say\",\"hi\",{\"n\":1}]");
        Assert.Equal((SocketPacketType.Event, "/chat", (long?)42), (packet.Type, packet.Namespace, packet.Id));
        Assert.Equal("say", packet.Data!.Value[0].GetString());
        Assert.Equal(3, packet.Data.Value.GetArrayLength());
    }

    [Fact]
    public void An_ack_carries_its_id_and_arguments()
    {
        var packet = Decode("3456[1,\"2\",{\"3\":[false]}]");
        Assert.Equal((SocketPacketType.Ack, (long?)456), (packet.Type, packet.Id));
    }

    [Theory]
    [InlineData("2[1,\"x\"]")]
    [InlineData("2[-1.5]")]
    [InlineData("51-[7,{\"_placeholder\":true,\"num\":0}]")]
    public void An_event_named_by_a_number_is_accepted_as_socket_io_parser_accepts_it(string text)
    {
        Assert.Equal(JsonValueKind.Number, Decode(text).Data!.Value[0].ValueKind);
    }

    [Fact]
    public void A_connect_error_carries_a_message_object()
    {
        var packet = Decode("4/x,{\"message\":\"Invalid namespace\"}");
        Assert.Equal("Invalid namespace", packet.Data!.Value.GetProperty("message").GetString());
    }

    [Fact]
    public void A_binary_event_announces_its_attachments_and_waits_for_them()
    {
        var packet = Decode("52-/b,7[\"up\",{\"_placeholder\":true,\"num\":0},{\"deep\":[{\"_placeholder\":true,\"num\":1}]}]");
        Assert.Equal((SocketPacketType.BinaryEvent, 2, "/b", (long?)7), (packet.Type, packet.AttachmentCount, packet.Namespace, packet.Id));
        Assert.False(packet.IsComplete);
        packet.Attachments.Add([1]);
        packet.Attachments.Add([2]);
        Assert.True(packet.IsComplete);
    }

    [Fact]
    public void A_binary_ack_decodes_like_an_ack_with_attachments()
    {
        var packet = Decode("61-9[{\"_placeholder\":true,\"num\":0}]");
        Assert.Equal((SocketPacketType.BinaryAck, 1, (long?)9), (packet.Type, packet.AttachmentCount, packet.Id));
    }

    [Theory]
    [InlineData("", SocketDecodeError.EmptyPacket)]
    [InlineData("abc", SocketDecodeError.UnknownPacketType)]
    [InlineData("7", SocketDecodeError.UnknownPacketType)]
    [InlineData("2{}", SocketDecodeError.InvalidPayload)]
    [InlineData("2[]", SocketDecodeError.InvalidPayload)]
    [InlineData("2[true,2]", SocketDecodeError.InvalidPayload)]
    [InlineData("2[null]", SocketDecodeError.InvalidPayload)]
    [InlineData("2[[\"x\"]]", SocketDecodeError.InvalidPayload)]
    [InlineData("2[\"disconnect\"]", SocketDecodeError.InvalidPayload)]
    [InlineData("2/chat,1[\"newListener\",\"x\"]", SocketDecodeError.InvalidPayload)]
    [InlineData("2abc[\"x\"]", SocketDecodeError.InvalidJson)]
    [InlineData("2[\"x\"", SocketDecodeError.InvalidJson)]
    [InlineData("0[1]", SocketDecodeError.InvalidPayload)]
    [InlineData("1{}", SocketDecodeError.InvalidPayload)]
    [InlineData("3[1]", SocketDecodeError.InvalidPayload)]
    [InlineData("312{}", SocketDecodeError.InvalidPayload)]
    [InlineData("4", SocketDecodeError.InvalidPayload)]
    [InlineData("5[\"x\"]", SocketDecodeError.InvalidAttachments)]
    [InlineData("5a-[\"x\"]", SocketDecodeError.InvalidAttachments)]
    [InlineData("599-[\"x\"]", SocketDecodeError.InvalidAttachments)]
    [InlineData("51-[\"x\",{\"_placeholder\":true,\"num\":1}]", SocketDecodeError.InvalidPlaceholder)]
    [InlineData("51-[\"x\",{\"_placeholder\":true,\"num\":-1}]", SocketDecodeError.InvalidPlaceholder)]
    [InlineData("51-[\"x\",{\"_placeholder\":true,\"num\":\"0\"}]", SocketDecodeError.InvalidPlaceholder)]
    [InlineData("21234567890123456[\"x\"]", SocketDecodeError.InvalidAckId)]
    public void Malformed_packets_are_typed_errors(string text, SocketDecodeError expected)
    {
        Assert.Equal(expected, SocketIoParser.TryDecode(text, 10, out var packet));
        Assert.Null(packet);
    }

    [Fact]
    public void Encoding_omits_the_main_namespace_and_writes_the_attachment_count_for_binary_types()
    {
        Assert.Equal("0{\"sid\":\"a\"}", SocketIoWriter.Encode(SocketPacketType.Connect, "/", null, 0, "{\"sid\":\"a\"}"u8));
        Assert.Equal("2/chat,5[\"x\"]", SocketIoWriter.Encode(SocketPacketType.Event, "/chat", 5, 0, "[\"x\"]"u8));
        Assert.Equal("62-/b,3[]", SocketIoWriter.Encode(SocketPacketType.BinaryAck, "/b", 3, 2, "[]"u8));
        Assert.Equal("1/chat,", SocketIoWriter.Encode(SocketPacketType.Disconnect, "/chat", null, 0, default));
    }

    [Fact]
    public void A_placeholder_whose_num_is_not_a_number_is_not_a_placeholder()
    {
        // It threw InvalidOperationException from JsonElement.TryGetInt32 before the kind was checked.
        Assert.False(SocketIoParser.TryGetPlaceholder(JsonDocument.Parse("{\"_placeholder\":true,\"num\":\"0\"}").RootElement, out _));
        Assert.False(SocketIoParser.TryGetPlaceholder(JsonDocument.Parse("{\"_placeholder\":true,\"num\":[0]}").RootElement, out _));
        Assert.True(SocketIoParser.TryGetPlaceholder(JsonDocument.Parse("{\"_placeholder\":true,\"num\":3}").RootElement, out var num));
        Assert.Equal(3, num);
    }
}
