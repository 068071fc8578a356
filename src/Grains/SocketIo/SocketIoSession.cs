using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>The Socket.IO state of one Engine.IO session: its namespace sockets and the assembler of its incoming packets.</summary>
internal sealed class SocketIoSession
{
    public Dictionary<string, SocketIoSocket> Sockets { get; } = [];

    /// <summary>Made on the first message, with the application's budgets.</summary>
    public SocketIoPacketAssembler? Assembler { get; set; }

    public bool EverConnected { get; set; }

    public static SocketIoSession Of(IEngineIoSocket engine) => (SocketIoSession)engine.State!;
}
