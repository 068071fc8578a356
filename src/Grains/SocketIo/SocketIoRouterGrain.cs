namespace OrleansEio.SocketIo;

/// <summary>The cluster's way into this silo's <see cref="SocketIoSiloRouter"/>; holds nothing of its own.</summary>
[SiloPinnedPlacement]
internal sealed class SocketIoRouterGrain(SocketIoSiloRouter router) : Grain, ISocketIoRouterGrain
{
    public Task Deliver(RouterDelivery delivery)
    {
        router.Deliver(delivery);
        return Task.CompletedTask;
    }

    public Task<SocketIoRemoteSocket[]> Fetch(string path, string nsp, RoomFilter filter) => router.Fetch(path, nsp, filter);

    public Task Apply(string path, string nsp, RoomFilter filter, SocketCommandKind kind, string? room) => router.Apply(path, nsp, filter, kind, room);
}
