using BenchmarkDotNet.Attributes;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.Benchmarks;

/// <summary>Socket.IO v5 packets on the hot path: an event with an ack id, an ack, a binary event with one attachment.</summary>
[MemoryDiagnoser]
public class SocketIoCodecBenchmarks
{
    // Socket.IO packets as the session hands them to the parser: the Engine.IO message type ("4") is already gone.
    private const string Event = "2/chat,7[\"echo\",\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]";
    private const string Ack = "3/chat,7[\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]";
    private const string BinaryEvent = "51-/chat,[\"upload\",{\"_placeholder\":true,\"num\":0}]";
    private static readonly object?[] Args = ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"];
    private static readonly object?[] BinaryArgs = [new byte[1024]];

    [Benchmark]
    public object DecodeEvent() => Decode(Event);

    [Benchmark]
    public object DecodeAck() => Decode(Ack);

    [Benchmark]
    public object DecodeBinaryEvent() => Decode(BinaryEvent);

    [Benchmark]
    public object EncodeEvent() => SocketIo.SocketIoEncoder.Event(SocketIo.SocketIoParsers.Json, "/chat", "echo", Args, 7);

    [Benchmark]
    public object EncodeAck() => SocketIo.SocketIoEncoder.Ack(SocketIo.SocketIoParsers.Json, "/chat", 7, Args);

    [Benchmark]
    public object EncodeBinaryEvent() => SocketIo.SocketIoEncoder.Event(SocketIo.SocketIoParsers.Json, "/chat", "upload", BinaryArgs, null);

    private static SocketPacket Decode(string text)
    {
        var error = SocketIoParser.TryDecode(text, 256, out var packet);
        return error == SocketDecodeError.None ? packet! : throw new InvalidOperationException($"{text}: {error}");
    }
}
