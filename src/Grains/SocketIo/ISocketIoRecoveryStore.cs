namespace OrleansEio.SocketIo;

/// <summary>
/// Where connection state recovery keeps what must outlive a silo: each namespace's log of recoverable broadcasts
/// (in offset order, trimmed by age) and each recoverable socket's snapshot under its private id. In a cluster it
/// is Redis (<c>Cluster:Redis</c>); in the embedded default, this process's memory. Only used when
/// <c>SocketIo:ConnectionStateRecovery:Enabled</c> is on.
/// </summary>
internal interface ISocketIoRecoveryStore
{
    /// <summary>The offset of the newest broadcast in the namespace's log (<see cref="SocketIoOffset.None"/> when empty): a new sequencer continues above it.</summary>
    Task<SocketIoOffset> LastOffsetAsync(SocketIoNamespaceKey ns);

    /// <summary>
    /// Appends broadcasts, in order, with the offsets the sequencer gave them (each above the last one in the log),
    /// and drops entries older than <paramref name="retention"/>. One write per broadcast.
    /// </summary>
    Task AppendAsync(SocketIoNamespaceKey ns, IReadOnlyList<SequencedBroadcast> broadcasts, TimeSpan retention);

    /// <summary>The broadcasts after <paramref name="offset"/>, in order; null when <paramref name="offset"/> is not in the log (never was, or trimmed).</summary>
    Task<SequencedBroadcast[]?> ReadAfterAsync(SocketIoNamespaceKey ns, SocketIoOffset offset);

    /// <summary>
    /// Stores a socket's snapshot for <paramref name="ttl"/>. With <paramref name="claim"/> the caller takes the snapshot
    /// over whoever held it; without, it is written only if absent or held by <see cref="RecoverableSocket.Holder"/>.
    /// </summary>
    Task SaveAsync(string pid, RecoverableSocket socket, TimeSpan ttl, bool claim);

    /// <summary>Removes and returns a snapshot (a pid recovers once); null when unknown or expired.</summary>
    Task<RecoverableSocket?> TakeAsync(string pid);

    /// <summary>Removes a snapshot if <paramref name="holder"/> still holds it.</summary>
    Task DeleteAsync(string pid, string holder);

    /// <summary>Extends the life of live sockets' snapshots (those that still exist).</summary>
    Task RefreshAsync(IReadOnlyCollection<string> pids, TimeSpan ttl);
}

/// <summary>
/// What a socket recovers: its id, rooms and <c>Data</c> (each value as JSON), in which namespace of which path, and which
/// Engine.IO session (<paramref name="Holder"/>) held it last.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.RecoverableSocket")]
internal sealed record RecoverableSocket(
    [property: Id(0)] string Path,
    [property: Id(1)] string Namespace,
    [property: Id(2)] string SocketId,
    [property: Id(3)] string Holder,
    [property: Id(4)] string[] Rooms,
    [property: Id(5)] Dictionary<string, string> Data);
