using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>socket.io-parser's format: <c>SocketIoPacketAssembler</c>/<c>SocketIoWriter</c>, binary values as attachments after the text packet.</summary>
internal sealed class SocketIoJsonParser : ISocketIoParser
{
    public ISocketIoDecoder CreateDecoder(SocketIoOptions options) => new Decoder(new SocketIoAssemblerLimits(options.MaxAttachments, options.MaxAttachmentBytes));

    public EngineIoMessage[] Encode(SocketPacketType type, string nsp, long? id, ReadOnlyMemory<byte> json, IReadOnlyList<byte[]> attachments)
    {
        if (attachments.Count > 0)
        {
            type = type switch
            {
                SocketPacketType.Event => SocketPacketType.BinaryEvent,
                SocketPacketType.Ack => SocketPacketType.BinaryAck,
                _ => type,
            };
        }

        var messages = new EngineIoMessage[1 + attachments.Count];
        messages[0] = SocketIoWriter.Encode(type, nsp, id, attachments.Count, json.Span);
        for (var i = 0; i < attachments.Count; i++)
        {
            messages[i + 1] = attachments[i];
        }

        return messages;
    }

    /// <summary><see cref="SocketIoPacketAssembler"/>: holds a binary packet until the binary messages it announced have arrived.</summary>
    private sealed class Decoder(SocketIoAssemblerLimits limits) : ISocketIoDecoder
    {
        private readonly SocketIoPacketAssembler _assembler = new(limits);

        public SocketDecodeError TryAdd(EngineIoMessage message, out SocketPacket? packet)
            => message.IsBinary
                ? _assembler.TryAddBinary(message.Data!, out packet)
                : _assembler.TryAddText(message.Text ?? string.Empty, out packet);
    }
}
