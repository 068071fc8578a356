using System.Diagnostics;

namespace OrleansEio.SocketIo;

/// <summary>
/// The cluster's way into this silo's <see cref="SocketIoSiloRouter"/>; holds nothing of its own. A traced delivery
/// (one that Orleans brought with a trace) is a span here too, <c>socketio.broadcast.deliver</c>, with what this silo handed out.
/// </summary>
[SiloPinnedPlacement]
internal sealed class SocketIoRouterGrain(SocketIoSiloRouter router, ILocalSiloDetails local) : Grain, ISocketIoRouterGrain
{
    public Task Deliver(RouterDelivery delivery)
    {
        // Only under the caller's trace: a delivery never starts a trace of its own.
        using var span = Activity.Current is null ? null : OrleansEioTelemetry.SocketIoSource.StartActivity("socketio.broadcast.deliver", ActivityKind.Consumer);
        var handed = router.Deliver(delivery);
        span?.SetTag("orleanseio.silo", local.SiloAddress.ToString())
            .SetTag("socketio.broadcast.count", delivery.Broadcasts.Length)
            .SetTag("socketio.deliveries", handed);
        return Task.CompletedTask;
    }

    public Task<SocketIoRemoteSocket[]> Fetch(SocketIoNamespaceKey ns, RoomFilter filter) => router.Fetch(ns, filter);

    public Task Apply(SocketIoNamespaceKey ns, RoomFilter filter, SocketCommandKind kind, string? room) => router.Apply(ns, filter, kind, room);
}
