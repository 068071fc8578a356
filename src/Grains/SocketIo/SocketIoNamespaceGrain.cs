using Microsoft.Extensions.Logging;
using OrleansEio.Sessions;

namespace OrleansEio.SocketIo;

/// <summary>
/// Registrations are refreshed by every silo on a timer, so a restarted directory fills up again; a
/// silo whose router stops answering is dropped until it registers again. When its silo shuts down
/// gracefully, the directory moves with its registrations, so broadcasts miss nobody meanwhile.
/// </summary>
internal sealed partial class SocketIoNamespaceGrain(MovableGrains movable, ILocalSiloDetails silo, ILogger<SocketIoNamespaceGrain> logger)
    : Grain, ISocketIoNamespaceGrain, IGrainMigrationParticipant
{
    private const string MigrationKey = "routers";
    private Dictionary<string, ISocketIoSiloRouter> _routers = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        movable.Add(this.GetGrainId());
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        movable.Remove(this.GetGrainId());
        return Task.CompletedTask;
    }

    public Task<bool> MoveTo(SiloAddress target)
    {
        MovableGrains.Migrate(GrainContext, target);
        return Task.FromResult(true);
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext context)
    {
        // The leaving silo's own router has no sockets left once its sessions have moved.
        var leaving = silo.SiloAddress.ToParsableString();
        context.TryAddValue(MigrationKey, _routers.Where(r => r.Key != leaving).ToDictionary());
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext context)
    {
        if (context.TryGetValue<Dictionary<string, ISocketIoSiloRouter>>(MigrationKey, out var routers) && routers is not null)
        {
            _routers = routers;
        }
    }

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
