using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions.State;

namespace OrleansEio.Tests.Sessions.State;

public sealed class OutboxTests
{
    [Fact]
    public void The_bound_counts_utf8_bytes_not_chars()
    {
        // "é" is one char and two bytes: the packet is 1 + 8 bytes, not 1 + 4.
        var outbox = new Outbox(maxBytes: 10);

        Assert.True(outbox.TryAdd(EnginePacket.Message("éééé")));
        Assert.Equal(9, outbox.Bytes);
        Assert.False(outbox.TryAdd(EnginePacket.Message("é")));
        Assert.True(outbox.TryAdd(EnginePacket.Ping));
    }

    [Fact]
    public void A_binary_packet_counts_its_bytes()
    {
        var outbox = new Outbox(maxBytes: 100);

        Assert.True(outbox.TryAdd(EnginePacket.Message(new byte[100])));
        Assert.False(outbox.TryAdd(EnginePacket.Message(new byte[1])));
    }

    [Fact]
    public void A_poll_payload_takes_what_fits_encoded_and_leaves_the_rest_in_order()
    {
        var outbox = new Outbox(maxBytes: 1_000);
        outbox.TryAdd(EnginePacket.Message(new string('a', 9)));   // "4aaaaaaaaa": 10 bytes
        outbox.TryAdd(EnginePacket.Message(new byte[6]));          // "b" + 8 base64 chars: 9 bytes, plus a separator
        outbox.TryAdd(EnginePacket.Message("c"));                  // "4c": 2 bytes, plus a separator

        Assert.Equal([EnginePacket.Message(new string('a', 9)), EnginePacket.Message(new byte[6])], outbox.TakePayload(20));
        Assert.Equal([EnginePacket.Message("c")], outbox.TakePayload(20));
        Assert.True(outbox.IsEmpty);
        Assert.Equal(0, outbox.Bytes);
    }

    [Fact]
    public void A_websocket_pull_takes_frames_up_to_the_limit_by_their_raw_size_and_leaves_the_rest_in_order()
    {
        var outbox = new Outbox(maxBytes: 1_000);
        outbox.TryAdd(EnginePacket.Message(new string('a', 9)));   // "4aaaaaaaaa": 10 bytes
        outbox.TryAdd(EnginePacket.Message(new byte[10]));         // 10 bytes as a binary frame (no base64, no separator)
        outbox.TryAdd(EnginePacket.Message("c"));                  // 2 bytes

        Assert.Equal([EnginePacket.Message(new string('a', 9)), EnginePacket.Message(new byte[10])], outbox.TakeFrames(21));
        Assert.Equal([EnginePacket.Message("c")], outbox.TakeFrames(21));
        Assert.True(outbox.IsEmpty);
    }

    [Fact]
    public void A_packet_larger_than_the_payload_limit_still_goes_alone()
    {
        var outbox = new Outbox(maxBytes: 1_000);
        outbox.TryAdd(EnginePacket.Message(new string('x', 100)));
        outbox.TryAdd(EnginePacket.Message("next"));

        Assert.Equal([EnginePacket.Message(new string('x', 100))], outbox.TakePayload(10));
        Assert.Equal([EnginePacket.Message("next")], outbox.TakePayload(10));
        outbox.TryAdd(EnginePacket.Message(new string('x', 100)));
        Assert.Equal([EnginePacket.Message(new string('x', 100))], outbox.TakeFrames(10));
    }

    [Fact]
    public void Added_and_taken_count_packets_for_drain_waiters()
    {
        var outbox = new Outbox(maxBytes: 1_000);
        outbox.TryAdd(EnginePacket.Message("a"));
        outbox.TryAdd(EnginePacket.Message("b"));

        outbox.TakePayload(2);

        Assert.Equal(2, outbox.Added);
        Assert.Equal(1, outbox.Taken);
    }
}
