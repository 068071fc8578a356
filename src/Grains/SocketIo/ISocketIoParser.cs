using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>
/// A Socket.IO wire format, chosen per path (socket.io's <c>parser</c> option): <see cref="SocketIoParsers.Json"/>, the
/// default, or <see cref="SocketIoParsers.MsgPack"/>. Every format decodes into, and encodes from, one model: the packet's
/// data as JSON, each binary value a placeholder <c>{"_placeholder":true,"num":n}</c> numbered into a list of attachments.
/// The rest of the server never sees the format.
/// </summary>
public interface ISocketIoParser
{
    /// <summary>The decoder of one session's incoming messages. It may keep state between messages (JSON: a binary packet awaiting its attachments).</summary>
    ISocketIoDecoder CreateDecoder(SocketIoOptions options);

    /// <summary>The Engine.IO messages that carry one packet. <paramref name="json"/> is its data, empty for none.</summary>
    EngineIoMessage[] Encode(SocketPacketType type, string nsp, long? id, ReadOnlyMemory<byte> json, IReadOnlyList<byte[]> attachments);
}

/// <summary>Turns one session's Engine.IO messages, fed in order, into Socket.IO packets. One per session, not thread-safe.</summary>
public interface ISocketIoDecoder
{
    /// <summary>
    /// Feeds one message. <paramref name="packet"/> is a whole packet once one is complete, else null. Garbage and crossed
    /// budgets are a <see cref="SocketDecodeError"/>, never an exception; after an error the session is closed.
    /// </summary>
    SocketDecodeError TryAdd(EngineIoMessage message, out SocketPacket? packet);
}
