using Microsoft.Extensions.Logging;

namespace OrleansEio.SocketIo;

/// <summary>
/// Registrations are refreshed by every silo on a timer, so a restarted directory fills up again; a
/// silo whose router stops answering is dropped until it registers again.
/// </summary>
internal sealed partial class SocketIoNamespaceGrain(ILogger<SocketIoNamespaceGrain> logger) : Grain, ISocketIoNamespaceGrain
{
    private readonly Dictionary<string, ISocketIoSiloRouter> _routers = [];

    public Task Register(string silo, ISocketIoSiloRouter router)
    {
        _routers[silo] = router;
        return Task.CompletedTask;
    }

    public Task Broadcast(BroadcastMessage message) => ForEachRouter(router => router.Deliver(message));

    public async Task<SocketIoRemoteSocket[]> Fetch(RoomFilter filter)
    {
        var path = PathAndNamespace();
        var results = new List<SocketIoRemoteSocket>();
        await ForEachRouter(async router =>
        {
            var sockets = await router.Fetch(path.Path, path.Namespace, filter);
            lock (results)
            {
                results.AddRange(sockets);
            }
        });
        return [.. results];
    }

    public Task Apply(RoomFilter filter, SocketCommandKind kind, string? room)
    {
        var path = PathAndNamespace();
        return ForEachRouter(router => router.Apply(path.Path, path.Namespace, filter, kind, room));
    }

    /// <summary>Runs on every registered silo at once and waits for all, so a sender's next operation follows this one everywhere.</summary>
    private async Task ForEachRouter(Func<ISocketIoSiloRouter, Task> call)
    {
        var routers = _routers.ToArray();
        var calls = routers.Select(r => call(r.Value)).ToArray();
        try
        {
            await Task.WhenAll(calls);
        }
        catch
        {
            for (var i = 0; i < calls.Length; i++)
            {
                if (calls[i].IsFaulted)
                {
                    Log.RouterDropped(logger, routers[i].Key, this.GetPrimaryKeyString(), calls[i].Exception!.GetBaseException());
                    _routers.Remove(routers[i].Key);
                }
            }
        }
    }

    private (string Path, string Namespace) PathAndNamespace()
    {
        var key = this.GetPrimaryKeyString();
        var bar = key.IndexOf('|');
        return (key[..bar], key[(bar + 1)..]);
    }

    private static partial class Log
    {
        [LoggerMessage(301, LogLevel.Warning, "Dropped silo {Silo} from namespace {Namespace}: its router failed")]
        public static partial void RouterDropped(ILogger logger, string silo, string @namespace, Exception exception);
    }
}
