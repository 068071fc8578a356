using Orleans.Concurrency;

namespace OrleansEio.SocketIo;

/// <summary>
/// The cluster-wide directory of one namespace (key: <c>path|namespace</c>): which silos hold sockets of it.
/// Broadcasts and room operations go to those silos' routers, one message per silo, never one per socket.
/// </summary>
[Alias("OrleansEio.SocketIo.ISocketIoNamespaceGrain")]
public interface ISocketIoNamespaceGrain : IGrainWithStringKey, Sessions.IMovableGrain
{
    [Alias("Register"), AlwaysInterleave]
    Task Register(string silo, ISocketIoSiloRouter router);

    [Alias("Broadcast"), AlwaysInterleave]
    Task Broadcast(BroadcastMessage message);

    [Alias("Fetch"), AlwaysInterleave]
    Task<SocketIoRemoteSocket[]> Fetch(RoomFilter filter);

    [Alias("Apply"), AlwaysInterleave]
    Task Apply(RoomFilter filter, SocketCommandKind kind, string? room);
}

/// <summary>A silo's local view of its sockets' rooms, reached by the namespace grains as an observer.</summary>
[Alias("OrleansEio.SocketIo.ISocketIoSiloRouter")]
public interface ISocketIoSiloRouter : IGrainObserver
{
    [Alias("Deliver")]
    Task Deliver(BroadcastMessage message);

    [Alias("Fetch")]
    Task<SocketIoRemoteSocket[]> Fetch(string path, string nsp, RoomFilter filter);

    [Alias("Apply")]
    Task Apply(string path, string nsp, RoomFilter filter, SocketCommandKind kind, string? room);
}

public static class SocketIoKeys
{
    public static string Namespace(string path, string nsp) => path + "|" + nsp;
}
