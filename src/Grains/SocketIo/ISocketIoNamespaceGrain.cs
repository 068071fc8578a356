using Orleans.Concurrency;

namespace OrleansEio.SocketIo;

/// <summary>
/// One namespace (key: <see cref="SocketIoNamespaceKey.ToKey"/>, <c>path|namespace</c>): the sequencer of its broadcasts and the entry point of its
/// cluster-wide operations. Broadcasts get their place in the namespace's order here and reach each silo's
/// router in that order, one message per silo, never one per socket.
/// </summary>
[Alias("OrleansEio.SocketIo.ISocketIoNamespaceGrain")]
internal interface ISocketIoNamespaceGrain : IGrainWithStringKey, Sessions.IMovableGrain
{
    /// <summary>A silo has sockets of this namespace (membership names every active silo too; this closes the gap while it learns of a new one).</summary>
    [Alias("Register"), AlwaysInterleave]
    Task Register(SiloAddress silo);

    /// <summary>
    /// Broadcasts of one publisher, in the order it emitted them. Completes once every silo's router has them,
    /// in the namespace's order (and, with connection state recovery on, once they are in the log).
    /// </summary>
    [Alias("Broadcast"), AlwaysInterleave]
    Task Broadcast(BroadcastMessage[] broadcasts);

    [Alias("Fetch"), AlwaysInterleave]
    Task<SocketIoRemoteSocket[]> Fetch(RoomFilter filter);

    [Alias("Apply"), AlwaysInterleave]
    Task Apply(RoomFilter filter, SocketCommandKind kind, string? room);
}

/// <summary>
/// A silo's router as the cluster reaches it: one activation per silo, on that silo (key: the silo's address),
/// in front of the silo's local view of its sockets' rooms. It never moves: when its silo is gone, calls to it
/// fail with <see cref="SiloUnavailableException"/>.
/// </summary>
[Alias("OrleansEio.SocketIo.ISocketIoRouterGrain")]
internal interface ISocketIoRouterGrain : IGrainWithStringKey
{
    /// <summary>Hands each broadcast to the matching local sockets, in order; a delivery it already applied is acknowledged, not applied again.</summary>
    [Alias("Deliver")]
    Task Deliver(RouterDelivery delivery);

    [Alias("Fetch"), AlwaysInterleave]
    Task<SocketIoRemoteSocket[]> Fetch(SocketIoNamespaceKey ns, RoomFilter filter);

    [Alias("Apply"), AlwaysInterleave]
    Task Apply(SocketIoNamespaceKey ns, RoomFilter filter, SocketCommandKind kind, string? room);
}

internal static class SocketIoKeys
{
    /// <summary>The key of the router grain of <paramref name="silo"/>.</summary>
    public static string Router(SiloAddress silo) => silo.ToParsableString();
}
