using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

// The codec's packet type stays free of Orleans attributes; this surrogate carries it across silos.
[GenerateSerializer, Immutable]
internal struct EnginePacketSurrogate
{
    [Id(0)] public EnginePacketType Type;
    [Id(1)] public string? Text;
    [Id(2)] public byte[]? Binary;
}

[RegisterConverter]
internal sealed class EnginePacketSurrogateConverter : IConverter<EnginePacket, EnginePacketSurrogate>
{
    public EnginePacket ConvertFromSurrogate(in EnginePacketSurrogate surrogate)
        => EnginePacket.FromParts(surrogate.Type, surrogate.Text, surrogate.Binary);

    public EnginePacketSurrogate ConvertToSurrogate(in EnginePacket value)
        => new() { Type = value.Type, Text = value.Text, Binary = value.Binary };
}
