using OrleansEio.Protocol.SocketIo;
using OrleansEio.SocketIo;

namespace OrleansEio.Tests.SocketIo;

public sealed class HandlerGateTests
{
    private static SocketPacket Json(string text, params byte[][] attachments)
    {
        var assembler = new SocketIoPacketAssembler(SocketIoAssemblerLimits.Default);
        Assert.Equal(SocketDecodeError.None, assembler.TryAddText(text, out var packet));
        foreach (var attachment in attachments)
        {
            Assert.Equal(SocketDecodeError.None, assembler.TryAddBinary(attachment, out packet));
        }

        return packet!;
    }

    private static SocketPacket MsgPack(string hex)
    {
        Assert.Equal(SocketDecodeError.None, SocketIoMsgPack.TryDecode(Convert.FromHexString(hex), SocketIoMsgPackLimits.Default, out var packet));
        return packet!;
    }

    [Fact]
    public void A_packet_costs_its_json_text_and_its_attachments()
    {
        var packet = Json("51-[\"up\",{\"_placeholder\":true,\"num\":0}]", [1, 2, 3]);

        Assert.Equal("[\"up\",{\"_placeholder\":true,\"num\":0}]".Length + 3, HandlerGate.SizeOf(packet));
    }

    [Fact]
    public void A_msgpack_packet_costs_what_the_same_packet_costs_in_json()
    {
        // {type: 2, data: ["echo", "x", <bin 01 02>], id: 5, nsp: "/"}, as socket.io-msgpack-parser writes it.
        var msgpack = MsgPack("84a47479706502a46461746193a46563686fa178c4020102a2696405a36e7370a12f");
        var json = Json("51-5[\"echo\",\"x\",{\"_placeholder\":true,\"num\":0}]", [1, 2]);

        Assert.Equal(HandlerGate.SizeOf(json), HandlerGate.SizeOf(msgpack));
    }

    [Fact]
    public void Held_packets_are_bounded_by_count_and_bytes_and_released_when_taken()
    {
        var gate = new HandlerGate(maxRunning: 1, maxHeld: 2, maxHeldBytes: 80);
        gate.Started();
        var packet = MsgPack("84a47479706502a46461746193a46563686fa178c4020102a2696405a36e7370a12f");

        Assert.True(gate.MustWait);
        Assert.True(gate.TryWait(packet));
        Assert.False(gate.TryWait(packet), "two packets of 44 bytes cross 80 bytes");
        Assert.Equal((1, HandlerGate.SizeOf(packet)), (gate.Held, gate.HeldBytes));

        gate.Finished();
        Assert.True(gate.TryNext(out var next));
        Assert.Same(packet, next);
        Assert.Equal((0, 0L), (gate.Held, gate.HeldBytes));
    }
}
