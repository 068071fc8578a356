namespace OrleansEio.SocketIo;

/// <summary>Which sockets of a namespace an operation targets: those in any of <paramref name="Rooms"/> (all when empty), minus those in any of <paramref name="Except"/>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.RoomFilter")]
public sealed record RoomFilter([property: Id(0)] string[] Rooms, [property: Id(1)] string[] Except);

/// <summary>A broadcast, encoded once by its sender and delivered as-is to every matching socket.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.BroadcastMessage")]
public sealed record BroadcastMessage(
    [property: Id(0)] string Path,
    [property: Id(1)] string Namespace,
    [property: Id(2)] RoomFilter Filter,
    [property: Id(3)] EngineIoMessage[] Messages);

/// <summary>A socket as <c>FetchSocketsAsync</c> returns it, from whichever node holds it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.RemoteSocket")]
public sealed record SocketIoRemoteSocket(
    [property: Id(0)] string Id,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string Namespace,
    [property: Id(3)] string[] Rooms,
    [property: Id(4)] string Auth,
    [property: Id(5)] Dictionary<string, string> Data);

/// <summary>The Socket.IO state of a session moving to another silo: its sockets as <see cref="SocketIoRemoteSocket"/> plus each one's next ack id.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.SessionMigration")]
internal sealed record SocketIoSessionMigration(
    [property: Id(0)] bool EverConnected,
    [property: Id(1)] SocketIoRemoteSocket[] Sockets,
    [property: Id(2)] long[] NextAckIds);

/// <summary>Operations on sockets that a node applies inside their session grains.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.SocketCommand")]
public sealed record SocketCommand(
    [property: Id(0)] SocketCommandKind Kind,
    [property: Id(1)] string Namespace,
    [property: Id(2)] string SocketId,
    [property: Id(3)] string? Room);

public enum SocketCommandKind
{
    Describe,
    Join,
    Leave,
    Disconnect,
    DisconnectAndClose,
}
