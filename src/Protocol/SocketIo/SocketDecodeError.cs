namespace OrleansEio.Protocol.SocketIo;

/// <summary>Why a Socket.IO packet could not be decoded. The decoder never throws.</summary>
public enum SocketDecodeError
{
    /// <summary>Decoded: the packet is valid.</summary>
    None = 0,
    /// <summary>An empty text message (nothing where a type digit was expected).</summary>
    EmptyPacket,
    /// <summary>The packet type is not one of 0 to 6 (0 to 4 in msgpack, which has no binary types), or missing.</summary>
    UnknownPacketType,
    /// <summary>A binary packet whose attachment count is missing, not a number, or over the limit.</summary>
    InvalidAttachments,
    /// <summary>The namespace is not terminated by a comma before the data, or is empty.</summary>
    InvalidNamespace,
    /// <summary>The ack id is too long to be a number.</summary>
    InvalidAckId,
    /// <summary>The data is not JSON.</summary>
    InvalidJson,
    /// <summary>The data does not fit the packet type (e.g. an event that is not a non-empty array starting with a string or a number, or whose name is reserved).</summary>
    InvalidPayload,
    /// <summary>
    /// The placeholders of a binary packet do not name each announced attachment exactly once: one is malformed, names an
    /// attachment the packet does not have, repeats one, or an announced attachment is never named.
    /// </summary>
    InvalidPlaceholder,
    /// <summary>A binary message arrived when no binary packet was waiting for attachments.</summary>
    UnexpectedBinary,
    /// <summary>A text message arrived while a binary packet was still waiting for attachments.</summary>
    MissingAttachments,
    /// <summary>The attachments of one packet carry more bytes than the budget.</summary>
    AttachmentsTooLarge,
    /// <summary>A text message reached a decoder whose format is binary only (msgpack).</summary>
    UnexpectedText,
    /// <summary>Not well-formed msgpack, or a msgpack type the decoder does not accept (see <see cref="SocketIoMsgPack"/>).</summary>
    InvalidMsgPack,
    /// <summary>A msgpack packet larger than <see cref="SocketIoMsgPackLimits.MaxBytes"/>.</summary>
    TooLarge,
    /// <summary>A msgpack packet nested deeper than <see cref="SocketIoMsgPackLimits.MaxDepth"/>.</summary>
    TooDeep,
    /// <summary>A msgpack packet with more array items and map entries than <see cref="SocketIoMsgPackLimits.MaxElements"/>.</summary>
    TooManyElements,
}
