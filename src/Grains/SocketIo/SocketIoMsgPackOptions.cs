using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>Budgets of the msgpack parser, bound from <c>SocketIo:MsgPack</c>; crossing one closes the session with <c>parse error</c>.</summary>
public sealed class SocketIoMsgPackOptions
{
    /// <summary>Largest packet in bytes (Engine.IO's <c>MaxHttpBufferSize</c> bounds it too); at most 128 MiB.</summary>
    public int MaxBytes { get; set; } = SocketIoMsgPackLimits.DefaultMaxBytes;

    /// <summary>Deepest nesting of a packet's data, the data array being depth 1; at most 1000.</summary>
    public int MaxDepth { get; set; } = SocketIoMsgPackLimits.DefaultMaxDepth;

    /// <summary>Most array items and map entries in one packet, at every depth together.</summary>
    public int MaxElements { get; set; } = SocketIoMsgPackLimits.DefaultMaxElements;

    internal SocketIoMsgPackLimits ToLimits() => new(MaxBytes, MaxDepth, MaxElements);
}
