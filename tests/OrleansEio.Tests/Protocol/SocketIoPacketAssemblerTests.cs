using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.Tests.Protocol;

public class SocketIoPacketAssemblerTests
{
    private static string Placeholder(int num) => $"{{\"_placeholder\":true,\"num\":{num}}}";

    private static SocketPacket? Text(SocketIoPacketAssembler assembler, string text)
    {
        Assert.Equal(SocketDecodeError.None, assembler.TryAddText(text, out var packet));
        return packet;
    }

    private static SocketPacket? Binary(SocketIoPacketAssembler assembler, byte[] data)
    {
        Assert.Equal(SocketDecodeError.None, assembler.TryAddBinary(data, out var packet));
        return packet;
    }

    [Fact]
    public void A_text_packet_is_complete_at_once()
    {
        var assembler = new SocketIoPacketAssembler();
        var packet = Text(assembler, "2[\"echo\",1]");
        Assert.Equal(SocketPacketType.Event, packet!.Type);
        Assert.False(assembler.IsAwaitingAttachments);
    }

    [Fact]
    public void A_binary_packet_is_yielded_with_its_attachments_after_the_last_one()
    {
        var assembler = new SocketIoPacketAssembler();
        Assert.Null(Text(assembler, $"52-/files,7[\"up\",{Placeholder(0)},{{\"deep\":[{Placeholder(1)}]}}]"));
        Assert.True(assembler.IsAwaitingAttachments);
        Assert.Null(Binary(assembler, [1, 2]));
        Assert.Equal(2, assembler.BufferedBytes);

        var packet = Binary(assembler, [3]);

        Assert.Equal((SocketPacketType.BinaryEvent, "/files", (long?)7), (packet!.Type, packet.Namespace, packet.Id));
        Assert.Equal([[1, 2], [3]], packet.Attachments);
        Assert.False(assembler.IsAwaitingAttachments);
        Assert.Equal(0, assembler.BufferedBytes);
    }

    [Fact]
    public void A_binary_packet_announcing_no_attachments_is_complete_at_once()
    {
        var assembler = new SocketIoPacketAssembler();
        Assert.Equal(SocketPacketType.BinaryAck, Text(assembler, "60-3[1]")!.Type);
    }

    [Fact]
    public void Packets_follow_one_another_after_a_binary_one()
    {
        var assembler = new SocketIoPacketAssembler();
        Text(assembler, $"61-9[{Placeholder(0)}]");
        Binary(assembler, [9]);
        Assert.Equal(SocketPacketType.Event, Text(assembler, "2[\"next\"]")!.Type);
    }

    [Fact]
    public void A_binary_message_with_no_packet_awaiting_it_is_an_error()
    {
        var assembler = new SocketIoPacketAssembler();
        Assert.Equal(SocketDecodeError.UnexpectedBinary, assembler.TryAddBinary([1], out var packet));
        Assert.Null(packet);
    }

    [Fact]
    public void A_text_message_while_attachments_are_awaited_is_an_error_and_drops_the_waiting_packet()
    {
        var assembler = new SocketIoPacketAssembler();
        Text(assembler, $"51-[\"up\",{Placeholder(0)}]");

        Assert.Equal(SocketDecodeError.MissingAttachments, assembler.TryAddText("2[\"x\"]", out var packet));

        Assert.Null(packet);
        Assert.False(assembler.IsAwaitingAttachments);
    }

    [Fact]
    public void More_attachments_than_the_budget_is_an_error()
    {
        var assembler = new SocketIoPacketAssembler(new SocketIoAssemblerLimits(MaxAttachments: 2));
        var three = $"53-[\"up\",{Placeholder(0)},{Placeholder(1)},{Placeholder(2)}]";
        Assert.Equal(SocketDecodeError.InvalidAttachments, assembler.TryAddText(three, out _));
        Assert.False(assembler.IsAwaitingAttachments);
    }

    [Fact]
    public void The_default_attachment_budget_is_the_reference_decoders_ten()
    {
        var assembler = new SocketIoPacketAssembler();
        var placeholders = string.Join(",", Enumerable.Range(0, 11).Select(Placeholder));
        Assert.Equal(SocketDecodeError.InvalidAttachments, assembler.TryAddText($"511-[\"up\",{placeholders}]", out _));
        Assert.Null(Text(assembler, $"510-[\"up\",{string.Join(",", Enumerable.Range(0, 10).Select(Placeholder))}]"));
    }

    [Fact]
    public void Attachments_carrying_more_bytes_than_the_budget_are_an_error_before_they_are_kept()
    {
        var assembler = new SocketIoPacketAssembler(new SocketIoAssemblerLimits(MaxAttachmentBytes: 10));
        Text(assembler, $"53-[\"up\",{Placeholder(0)},{Placeholder(1)},{Placeholder(2)}]");
        Binary(assembler, new byte[6]);
        Binary(assembler, new byte[4]);
        Assert.Equal(10, assembler.BufferedBytes);

        Assert.Equal(SocketDecodeError.AttachmentsTooLarge, assembler.TryAddBinary(new byte[1], out var packet));

        Assert.Null(packet);
        Assert.Equal(0, assembler.BufferedBytes);
        Assert.False(assembler.IsAwaitingAttachments);
    }

    [Fact]
    public void Attachments_filling_the_byte_budget_exactly_are_accepted()
    {
        var assembler = new SocketIoPacketAssembler(new SocketIoAssemblerLimits(MaxAttachmentBytes: 10));
        Text(assembler, $"51-[\"up\",{Placeholder(0)}]");
        Assert.Equal(10, Binary(assembler, new byte[10])!.Attachments[0].Length);
    }

    [Theory]
    [InlineData("52-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("52-[\"x\",{\"_placeholder\":true,\"num\":1}]")]
    [InlineData("52-[\"x\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("51-[\"x\",{\"_placeholder\":true,\"num\":1}]")]
    [InlineData("51-[\"x\",{\"_placeholder\":true,\"num\":\"0\"}]")]
    [InlineData("51-[\"x\",{\"_placeholder\":true}]")]
    [InlineData("51-[\"x\"]")]
    [InlineData("50-[\"x\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("62-1[{\"a\":[{\"_placeholder\":true,\"num\":1}]},{\"_placeholder\":true,\"num\":1}]")]
    // Found by the sio-packet fuzzer with the non-number check of TryGetPlaceholder removed: both threw.
    [InlineData("51-[\"x\",{\"_placeholder\":true,\"num\":true,\"n@m\":5}]")]
    [InlineData("62-/b,3[{\"_placeholder\":true,\"num\":[{\"_placehXlder\":true,\"num\":0}]}]")]
    public void Placeholders_must_name_each_attachment_exactly_once(string text)
    {
        var assembler = new SocketIoPacketAssembler();
        Assert.Equal(SocketDecodeError.InvalidPlaceholder, assembler.TryAddText(text, out var packet));
        Assert.Null(packet);
        Assert.False(assembler.IsAwaitingAttachments);
    }

    [Fact]
    public void Placeholders_may_come_in_any_order_and_at_any_depth()
    {
        var assembler = new SocketIoPacketAssembler();
        Assert.Null(Text(assembler, $"63-1[{{\"a\":{{\"b\":[{Placeholder(2)}]}}}},{Placeholder(0)},[{Placeholder(1)}]]"));
    }

    [Fact]
    public void A_placeholder_in_a_text_packet_is_plain_data()
    {
        var assembler = new SocketIoPacketAssembler();
        Assert.Equal(SocketPacketType.Event, Text(assembler, $"2[\"x\",{Placeholder(5)}]")!.Type);
    }

    [Fact]
    public void A_malformed_packet_is_the_parsers_error_and_leaves_nothing_waiting()
    {
        var assembler = new SocketIoPacketAssembler();
        Assert.Equal(SocketDecodeError.InvalidJson, assembler.TryAddText("2[\"x\"", out var packet));
        Assert.Null(packet);
        Assert.Equal(SocketPacketType.Event, Text(assembler, "2[\"x\"]")!.Type);
    }
}
