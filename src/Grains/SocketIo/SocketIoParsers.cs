namespace OrleansEio.SocketIo;

/// <summary>The Socket.IO wire formats: <c>io.UseParser(SocketIoParsers.MsgPack)</c>, or <c>io.UseMsgPack()</c>.</summary>
public static class SocketIoParsers
{
    /// <summary>socket.io-parser's format, the default: text packets, binary values as attachments in binary messages that follow.</summary>
    public static ISocketIoParser Json { get; } = new SocketIoJsonParser();

    /// <summary>npm <c>socket.io-msgpack-parser</c>'s format: each packet one binary msgpack message (see <see cref="Protocol.SocketIo.SocketIoMsgPack"/>).</summary>
    public static ISocketIoParser MsgPack { get; } = new SocketIoMsgPackParser();
}
