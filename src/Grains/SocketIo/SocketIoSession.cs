using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>The Socket.IO state of one Engine.IO session: its namespace sockets and a binary packet awaiting attachments.</summary>
internal sealed class SocketIoSession
{
    public Dictionary<string, SocketIoSocket> Sockets { get; } = [];

    public SocketPacket? AwaitingAttachments { get; set; }

    public bool EverConnected { get; set; }

    public static SocketIoSession Of(IEngineIoSocket engine) => (SocketIoSession)engine.State!;
}
