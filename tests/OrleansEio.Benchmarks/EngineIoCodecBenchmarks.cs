using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Benchmarks;

/// <summary>Engine.IO v4 payloads as the polling transport sees them: one text packet, one binary packet, a batch of ten.</summary>
[MemoryDiagnoser]
public class EngineIoCodecBenchmarks
{
    private readonly EnginePacket[] _text = [EnginePacket.Message("42[\"echo\",\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]")];
    private readonly EnginePacket[] _binary = [EnginePacket.Message(new byte[1024])];
    private readonly EnginePacket[] _batch = Enumerable.Range(0, 10).Select(i => EnginePacket.Message($"42[\"echo\",{i}]")).ToArray();
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly List<EnginePacket> _decoded = new(16);
    private byte[] _textWire = [];
    private byte[] _binaryWire = [];
    private byte[] _batchWire = [];

    [GlobalSetup]
    public void Setup()
    {
        _textWire = Encoding.UTF8.GetBytes(EngineIoWriter.EncodePayload(_text));
        _binaryWire = Encoding.UTF8.GetBytes(EngineIoWriter.EncodePayload(_binary));
        _batchWire = Encoding.UTF8.GetBytes(EngineIoWriter.EncodePayload(_batch));
    }

    [Benchmark]
    public int EncodeText() => Encode(_text);

    [Benchmark]
    public int EncodeBinary() => Encode(_binary);

    [Benchmark]
    public int EncodeBatch() => Encode(_batch);

    [Benchmark]
    public int DecodeText() => Decode(_textWire);

    [Benchmark]
    public int DecodeBinary() => Decode(_binaryWire);

    [Benchmark]
    public int DecodeBatch() => Decode(_batchWire);

    private int Encode(EnginePacket[] packets)
    {
        _output.ResetWrittenCount();
        EngineIoWriter.WritePayload(packets, _output);
        return _output.WrittenCount;
    }

    private int Decode(byte[] wire)
    {
        _decoded.Clear();
        EngineIoParser.TryDecodePayload(wire, _decoded);
        return _decoded.Count;
    }
}
