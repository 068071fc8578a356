using Microsoft.Extensions.Logging;
using OrleansEio.Diagnostics;
using OrleansEio.Sessions;

namespace OrleansEio.SocketIo;

/// <summary>
/// Registrations are refreshed by every silo on a timer, so a restarted directory fills up again. A silo
/// is dropped only when it is proven gone (membership says dead, or the call failed the way calls to a dead
/// silo fail); a call that merely failed or timed out keeps it, so one bad operation never blacks out a
/// silo's sockets. When its silo shuts down gracefully, the directory moves with its registrations, so
/// broadcasts miss nobody meanwhile.
/// </summary>
internal sealed partial class SocketIoNamespaceGrain(MovableGrains movable, ILocalSiloDetails silo, IClusterMembershipService membership, ILogger<SocketIoNamespaceGrain> logger)
    : Grain, ISocketIoNamespaceGrain, IGrainMigrationParticipant
{
    private const string MigrationKey = "routers";
    private Dictionary<string, ISocketIoSiloRouter> _routers = [];

    // Silos whose last call failed without proof that they are gone: logged once until a call succeeds.
    private readonly HashSet<string> _failing = [];
    private readonly Dictionary<string, SiloAddress?> _addresses = [];

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
        List<string>? dead = null;
        foreach (var key in _routers.Keys)
        {
            if (StatusOf(key) == SiloStatus.Dead)
            {
                (dead ??= []).Add(key);
            }
        }

        dead?.ForEach(key => Drop(key, null));

        var routers = _routers.ToArray();
        var calls = routers.Select(r => call(r.Value)).ToArray();
        try
        {
            await Task.WhenAll(calls);
        }
        catch
        {
            // Each failure is judged below; the operation itself succeeded for every silo that answered.
        }

        for (var i = 0; i < calls.Length; i++)
        {
            var key = routers[i].Key;
            if (!calls[i].IsFaulted)
            {
                _failing.Remove(key);
                continue;
            }

            var error = calls[i].Exception!.GetBaseException();
            if (RouterFailures.IsProvenGone(error, StatusOf(key)))
            {
                Drop(key, error);
            }
            else if (_failing.Add(key))
            {
                Log.RouterFailed(logger, key, LogText.Escape(this.GetPrimaryKeyString()), error.GetType().Name);
            }
        }
    }

    private void Drop(string key, Exception? error)
    {
        if (_routers.Remove(key))
        {
            _failing.Remove(key);
            _addresses.Remove(key);
            Log.RouterDropped(logger, key, LogText.Escape(this.GetPrimaryKeyString()), error?.GetType().Name ?? "membership: dead");
        }
    }

    private SiloStatus StatusOf(string key)
    {
        // Parsed once per silo: this runs for every broadcast.
        if (!_addresses.TryGetValue(key, out var address))
        {
            try
            {
                address = SiloAddress.FromParsableString(key);
            }
            catch (FormatException)
            {
                address = null;
            }

            _addresses[key] = address;
        }

        return address is null ? SiloStatus.None : membership.CurrentSnapshot.GetSiloStatus(address);
    }

    private (string Path, string Namespace) PathAndNamespace()
    {
        var key = this.GetPrimaryKeyString();
        var bar = key.IndexOf('|');
        return (key[..bar], key[(bar + 1)..]);
    }

    private static partial class Log
    {
        [LoggerMessage(301, LogLevel.Warning, "Dropped silo {Silo} from namespace {Namespace}: it is gone ({Proof})")]
        public static partial void RouterDropped(ILogger logger, string silo, string @namespace, string proof);

        [LoggerMessage(302, LogLevel.Warning, "Silo {Silo} failed an operation of namespace {Namespace} ({Error}); it stays registered, logged again only after it recovers")]
        public static partial void RouterFailed(ILogger logger, string silo, string @namespace, string error);
    }
}
