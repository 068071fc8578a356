namespace OrleansEio.SocketIo;

/// <summary>Which sockets of a namespace an operation targets: those in any of <paramref name="Rooms"/> (all when empty), minus those in any of <paramref name="Except"/>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.RoomFilter")]
internal sealed record RoomFilter([property: Id(0)] string[] Rooms, [property: Id(1)] string[] Except);

/// <summary>
/// A broadcast, encoded once by its sender with the path's parser and delivered as-is to every matching socket. With
/// connection state recovery on, the sender leaves <paramref name="Messages"/> empty and sends <paramref name="Payload"/>:
/// the sequencer frames it once, with the offset it gives it. A <paramref name="Volatile"/> one is framed by its sender,
/// never logged, and dropped by each session whose transport cannot write it at once (socket.io does not persist
/// volatile packets either).
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.BroadcastMessage")]
internal sealed record BroadcastMessage(
    [property: Id(0)] SocketIoNamespaceKey Namespace,
    [property: Id(1)] RoomFilter Filter,
    [property: Id(2)] EngineIoMessage[] Messages,
    [property: Id(3)] SocketIoEventPayload? Payload = null,
    [property: Id(4)] bool Volatile = false);

/// <summary>An event before framing: its data as a JSON array (name first), each binary value a placeholder numbered into <paramref name="Attachments"/>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.EventPayload")]
internal sealed record SocketIoEventPayload(
    [property: Id(0)] byte[] Json,
    [property: Id(1)] byte[][] Attachments);

/// <summary>
/// A broadcast in its namespace's order. With connection state recovery on, <paramref name="Offset"/> is set and
/// the event in <paramref name="Messages"/> already carries it as its last argument; otherwise (and for a
/// <paramref name="Volatile"/> one) it is <see cref="SocketIoOffset.None"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.SequencedBroadcast")]
internal sealed record SequencedBroadcast(
    [property: Id(0)] SocketIoOffset Offset,
    [property: Id(1)] RoomFilter Filter,
    [property: Id(2)] EngineIoMessage[] Messages,
    [property: Id(3)] bool Volatile = false);

/// <summary>
/// Broadcasts of one namespace for one silo, in order: the <paramref name="Sequence"/>-th delivery of the sequencer
/// activation <paramref name="Sequencer"/> to that silo. A delivery sent again after a lost answer carries the same
/// numbers, and the silo applies it once.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.RouterDelivery")]
internal sealed record RouterDelivery(
    [property: Id(0)] SocketIoNamespaceKey Namespace,
    [property: Id(1)] Guid Sequencer,
    [property: Id(2)] long Sequence,
    [property: Id(3)] SequencedBroadcast[] Broadcasts);

/// <summary>Recoverable broadcasts for one socket of a session, in order (connection state recovery on).</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.SocketDelivery")]
internal sealed record SocketIoDelivery(
    [property: Id(0)] string Namespace,
    [property: Id(1)] string SocketId,
    [property: Id(2)] SequencedBroadcast[] Broadcasts);

/// <summary>A socket as <see cref="ISocketIoBroadcast.FetchSocketsAsync"/> returns it, from whichever node holds it: a snapshot.</summary>
/// <param name="Id">The socket's Socket.IO id.</param>
/// <param name="SessionId">The Engine.IO session that carries it (<see cref="IEngineIoSessions"/> reaches it).</param>
/// <param name="Namespace">Its namespace, e.g. <c>/</c>.</param>
/// <param name="Rooms">The rooms it is in, its own id included.</param>
/// <param name="Auth">The auth payload of its CONNECT, as JSON text (<c>{}</c> when none).</param>
/// <param name="Data">Its <see cref="ISocketIoSocket.Data"/>, each value as JSON text (<c>byte[]</c> values as base64 strings).</param>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.RemoteSocket")]
public sealed record SocketIoRemoteSocket(
    [property: Id(0)] string Id,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string Namespace,
    [property: Id(3)] string[] Rooms,
    [property: Id(4)] string Auth,
    [property: Id(5)] Dictionary<string, string> Data);

/// <summary>
/// The Socket.IO state of a session moving to another silo: its sockets as <see cref="SocketIoRemoteSocket"/> plus each
/// one's next ack id and, when recoverable, its private id and the offset of the last event it was handed.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.SessionMigration")]
internal sealed record SocketIoSessionMigration(
    [property: Id(0)] bool EverConnected,
    [property: Id(1)] SocketIoRemoteSocket[] Sockets,
    [property: Id(2)] long[] NextAckIds,
    [property: Id(3)] string?[] Pids,
    [property: Id(4)] SocketIoOffset[] Delivered);

/// <summary>Operations on sockets that a node applies inside their session grains.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.SocketCommand")]
internal sealed record SocketCommand(
    [property: Id(0)] SocketCommandKind Kind,
    [property: Id(1)] string Namespace,
    [property: Id(2)] string SocketId,
    [property: Id(3)] string? Room);

internal enum SocketCommandKind
{
    Describe,
    Join,
    Leave,
    Disconnect,
    DisconnectAndClose,

    /// <summary>The socket was recovered by another session: it leaves this one without touching its snapshot.</summary>
    Supersede,
}
