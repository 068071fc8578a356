using BenchmarkDotNet.Attributes;
using OrleansEio.Protocol.SocketIo;
using OrleansEio.SocketIo;

namespace OrleansEio.Benchmarks;

/// <summary>The packets of <see cref="SocketIoCodecBenchmarks"/> in the msgpack format: an event and an ack with an ack id, a binary event with 1 KB.</summary>
[MemoryDiagnoser]
public class SocketIoMsgPackCodecBenchmarks
{
    private static readonly object?[] Args = ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"];
    private static readonly object?[] BinaryArgs = [new byte[1024]];
    private static readonly byte[] Event = SocketIoEncoder.Event(SocketIoParsers.MsgPack, "/chat", "echo", Args, 7)[0].Data!;
    private static readonly byte[] Ack = SocketIoEncoder.Ack(SocketIoParsers.MsgPack, "/chat", 7, Args)[0].Data!;
    private static readonly byte[] BinaryEvent = SocketIoEncoder.Event(SocketIoParsers.MsgPack, "/chat", "upload", BinaryArgs, null)[0].Data!;

    [Benchmark]
    public object DecodeEvent() => Decode(Event);

    [Benchmark]
    public object DecodeAck() => Decode(Ack);

    [Benchmark]
    public object DecodeBinaryEvent() => Decode(BinaryEvent);

    [Benchmark]
    public object EncodeEvent() => SocketIoEncoder.Event(SocketIoParsers.MsgPack, "/chat", "echo", Args, 7);

    [Benchmark]
    public object EncodeAck() => SocketIoEncoder.Ack(SocketIoParsers.MsgPack, "/chat", 7, Args);

    [Benchmark]
    public object EncodeBinaryEvent() => SocketIoEncoder.Event(SocketIoParsers.MsgPack, "/chat", "upload", BinaryArgs, null);

    private static SocketPacket Decode(byte[] message)
    {
        var error = SocketIoMsgPack.TryDecode(message, SocketIoMsgPackLimits.Default, out var packet);
        return error == SocketDecodeError.None ? packet! : throw new InvalidOperationException(error.ToString());
    }
}
