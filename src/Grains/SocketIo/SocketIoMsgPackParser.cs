using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>npm <c>socket.io-msgpack-parser</c>'s format: one binary msgpack message per packet, binary values inside it.</summary>
internal sealed class SocketIoMsgPackParser : ISocketIoParser
{
    public ISocketIoDecoder CreateDecoder(SocketIoOptions options) => new Decoder(options.MsgPack.ToLimits());

    public EngineIoMessage[] Encode(SocketPacketType type, string nsp, long? id, ReadOnlyMemory<byte> json, IReadOnlyList<byte[]> attachments)
        => [SocketIoMsgPack.Encode(type, nsp, id, json, attachments)];

    /// <summary>Stateless: every message is a whole packet.</summary>
    private sealed class Decoder(SocketIoMsgPackLimits limits) : ISocketIoDecoder
    {
        public SocketDecodeError TryAdd(EngineIoMessage message, out SocketPacket? packet)
        {
            if (!message.IsBinary)
            {
                packet = null;
                return SocketDecodeError.UnexpectedText;
            }

            return SocketIoMsgPack.TryDecode(message.Data, limits, out packet);
        }
    }
}
