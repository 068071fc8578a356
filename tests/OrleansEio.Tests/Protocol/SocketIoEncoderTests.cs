using OrleansEio.Protocol.SocketIo;
using OrleansEio.SocketIo;

namespace OrleansEio.Tests.Protocol;

public class SocketIoEncoderTests
{
    private sealed record Upload(string Name, byte[] Content, Upload? Nested = null);

    [Fact]
    public void A_text_event_is_one_message()
    {
        var messages = SocketIoEncoder.Event(SocketIoParsers.Json, "/", "hello", ["world", 42, true, null], null);
        Assert.Equal(["2[\"hello\",\"world\",42,true,null]"], messages.Select(m => m.Text));
    }

    [Fact]
    public void Binary_at_any_depth_becomes_placeholders_and_attachments_in_order()
    {
        var upload = new Upload("a", [1, 2], new Upload("b", [3]));
        var messages = SocketIoEncoder.Event(SocketIoParsers.Json, "/files", "upload", [upload, new byte[] { 4 }], 7);

        Assert.Equal(
            "53-/files,7[\"upload\",{\"name\":\"a\",\"content\":{\"_placeholder\":true,\"num\":0},\"nested\":{\"name\":\"b\",\"content\":{\"_placeholder\":true,\"num\":1},\"nested\":null}},{\"_placeholder\":true,\"num\":2}]",
            messages[0].Text);
        Assert.Equal([[1, 2], [3], [4]], messages.Skip(1).Select(m => m.Data!));
    }

    [Fact]
    public void Received_arguments_are_re_sent_with_their_binary_renumbered()
    {
        Assert.Equal(SocketDecodeError.None, SocketIoParser.TryDecode("52-[\"in\",{\"x\":{\"_placeholder\":true,\"num\":1}},{\"_placeholder\":true,\"num\":0}]", 10, out var packet));
        packet!.Attachments.Add([10]);
        packet.Attachments.Add([20]);
        var args = SocketIoArgs.FromArray(packet.Data!.Value, 1, packet.Attachments);

        var messages = SocketIoEncoder.Ack(SocketIoParsers.Json, "/", 3, [new byte[] { 99 }, args]);

        Assert.Equal("63-3[{\"_placeholder\":true,\"num\":0},{\"x\":{\"_placeholder\":true,\"num\":1}},{\"_placeholder\":true,\"num\":2}]", messages[0].Text);
        Assert.Equal([[99], [20], [10]], messages.Skip(1).Select(m => m.Data!));
    }

    [Fact]
    public void Typed_arguments_resolve_placeholders_to_their_attachments()
    {
        Assert.Equal(SocketDecodeError.None, SocketIoParser.TryDecode("51-[\"up\",{\"name\":\"n\",\"content\":{\"_placeholder\":true,\"num\":0}}]", 10, out var packet));
        packet!.Attachments.Add([7, 8]);

        var upload = SocketIoArgs.FromArray(packet.Data!.Value, 1, packet.Attachments).Get<Upload>(0);

        Assert.Equal("n", upload!.Name);
        Assert.Equal([7, 8], upload.Content);
    }

    [Fact]
    public void Connect_error_carries_message_and_data()
    {
        Assert.Equal("4/admin,{\"message\":\"not allowed\",\"data\":{\"reason\":\"no token\"}}", SocketIoEncoder.ConnectError(SocketIoParsers.Json, "/admin", "not allowed", new { reason = "no token" }).Text);
        Assert.Equal("4{\"message\":\"Invalid namespace\"}", SocketIoEncoder.ConnectError(SocketIoParsers.Json, "/", "Invalid namespace", null).Text);
    }
}
