using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansEio.Diagnostics;
using OrleansEio.Sessions;

namespace OrleansEio.SocketIo;

/// <summary>
/// The sequencer of one namespace. Each broadcast gets its place (an offset) in the order the calls arrive; with
/// connection state recovery on, it is appended to the namespace's log, once, before anyone gets it; then it goes to
/// every silo's router in that order (<see cref="RouterLink"/>). So every receiver gets the namespace's broadcasts
/// in log order, and one publisher's (<see cref="SocketIoPublisher"/> sends them in emission order) in the order it
/// made them. The silos are every active member of the cluster plus those that registered, so a sequencer that was
/// re-activated elsewhere misses none. When its silo shuts down gracefully, it moves with its last offset.
/// </summary>
internal sealed partial class SocketIoNamespaceGrain(
    MovableGrains movable,
    ILocalSiloDetails local,
    IClusterMembershipService membership,
    IOptions<SocketIoOptions> options,
    IServiceProvider services,
    SocketIoMetrics metrics,
    ILogger<SocketIoNamespaceGrain> logger)
    : Grain, ISocketIoNamespaceGrain, IGrainMigrationParticipant
{
    private const string MigrationKey = "sequencer";

    private readonly Guid _sequencer = Guid.NewGuid();
    private readonly SocketIoRecoveryOptions _recovery = options.Value.ConnectionStateRecovery;
    private readonly HashSet<SiloAddress> _registered = [];
    private readonly Dictionary<SiloAddress, RouterLink> _links = [];
    private readonly Queue<(SequencedBatch Batch, Task Logged)> _unrouted = new();

    // Silos whose last cluster-wide operation failed without proof that they are gone: logged once until one succeeds.
    private readonly HashSet<SiloAddress> _failing = [];
    private SocketIoOffset _last;
    private Task? _lastLoaded;
    private bool _routing;
    private ISocketIoParser? _parser;

    private SocketIoNamespaceKey? _key;

    private SocketIoNamespaceKey Key => _key ??= SocketIoNamespaceKey.FromKey(this.GetPrimaryKeyString());

    private ISocketIoRecoveryStore Store => services.GetRequiredService<ISocketIoRecoveryStore>();

    /// <summary>The path's wire format: recoverable events are framed here, once, with their offset.</summary>
    private ISocketIoParser Parser => _parser ??= services.GetKeyedService<ISocketIoParser>(Key.Path) ?? SocketIoParsers.Json;

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
        // The leaving silo's sessions have moved away; the others stay known.
        context.TryAddValue(MigrationKey, new SequencerMigration(_last, [.. _registered.Where(s => !s.Equals(local.SiloAddress))]));
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext context)
    {
        if (context.TryGetValue<SequencerMigration>(MigrationKey, out var moved) && moved is not null)
        {
            _last = moved.Last;
            _registered.UnionWith(moved.Registered);
        }
    }

    public Task Register(SiloAddress silo)
    {
        _registered.Add(silo);
        return Task.CompletedTask;
    }

    public Task Broadcast(BroadcastMessage[] broadcasts)
    {
        if (!_recovery.Enabled)
        {
            var batch = new SequencedBatch([.. broadcasts.Select(b => new SequencedBroadcast(SocketIoOffset.None, b.Filter, b.Messages, b.Volatile))]);
            Sequence(batch, Task.CompletedTask);
            return batch.Done;
        }

        return BroadcastRecoverableAsync(broadcasts);
    }

    /// <summary>Offsets continue above the log's newest (read once per activation), and each broadcast carries its own.</summary>
    private async Task BroadcastRecoverableAsync(BroadcastMessage[] broadcasts)
    {
        if (_lastLoaded is null || _lastLoaded.IsFaulted)
        {
            _lastLoaded = LoadLastAsync();
        }

        await _lastLoaded;
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var nsp = Key.Namespace;
        var sequenced = new SequencedBroadcast[broadcasts.Length];
        for (var i = 0; i < broadcasts.Length; i++)
        {
            if (broadcasts[i].Volatile)
            {
                // As socket.io: a volatile packet is never persisted, so it gets no offset and misses no one's recovery.
                sequenced[i] = new SequencedBroadcast(SocketIoOffset.None, broadcasts[i].Filter, broadcasts[i].Messages, Volatile: true);
                continue;
            }

            _last = SocketIoOffset.Next(_last, now);

            // A sender configured without recovery framed its event itself: it is ordered and logged, without an offset on the wire.
            var messages = broadcasts[i].Payload is { } payload ? SocketIoEncoder.WithOffset(Parser, nsp, payload, _last) : broadcasts[i].Messages;
            sequenced[i] = new SequencedBroadcast(_last, broadcasts[i].Filter, messages);
        }

        var batch = new SequencedBatch(sequenced);
        var logged = Store.AppendAsync(Key, [.. sequenced.Where(b => !b.Volatile)], _recovery.MaxDisconnectionDuration + _recovery.RefreshInterval);
        Sequence(batch, logged);
        await batch.Done;
    }

    private async Task LoadLastAsync()
    {
        var stored = await Store.LastOffsetAsync(Key);
        if (stored > _last)
        {
            _last = stored;
        }
    }

    /// <summary>Batches are routed in offset order, each once its log write (if any) succeeded.</summary>
    private void Sequence(SequencedBatch batch, Task logged)
    {
        _unrouted.Enqueue((batch, logged));
        if (!_routing)
        {
            _ = RouteAsync();
        }
    }

    private async Task RouteAsync()
    {
        _routing = true;
        try
        {
            while (_unrouted.TryPeek(out var head))
            {
                if (!head.Logged.IsCompleted)
                {
                    await head.Logged.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                _unrouted.Dequeue();
                if (head.Logged.IsFaulted)
                {
                    // Not in the log, so never delivered: its emits fail. The log may have moved on (another sequencer): read it again.
                    var error = head.Logged.Exception!.GetBaseException();
                    Log.LogWriteFailed(logger, LogText.Escape(Key.ToKey()), head.Batch.Broadcasts.Length, error.GetType().Name);
                    _lastLoaded = null;
                    head.Batch.Abandon(error);
                    continue;
                }

                var links = Links();
                head.Batch.SentTo(links.Count);
                for (var i = 0; i < head.Batch.Broadcasts.Length; i++)
                {
                    metrics.Broadcast(links.Count);
                }

                foreach (var link in links)
                {
                    link.Enqueue(head.Batch);
                }
            }
        }
        finally
        {
            _routing = false;
        }
    }

    /// <summary>A link to every silo that may hold sockets of this namespace: the active members and the registered ones not proven dead.</summary>
    private List<RouterLink> Links()
    {
        var silos = Silos();
        foreach (var gone in _links.Where(l => l.Value.Gone || !silos.Contains(l.Key)).Select(l => l.Key).ToArray())
        {
            _links.Remove(gone);
        }

        var links = new List<RouterLink>(silos.Count);
        foreach (var silo in silos)
        {
            if (!_links.TryGetValue(silo, out var link))
            {
                _links[silo] = link = new RouterLink(silo, RouterOf(silo), Key, _sequencer, StatusOf, TimeProvider.System, logger);
            }

            links.Add(link);
        }

        return links;
    }

    private HashSet<SiloAddress> Silos()
    {
        var snapshot = membership.CurrentSnapshot;
        var silos = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
        _registered.RemoveWhere(s => snapshot.GetSiloStatus(s) == SiloStatus.Dead);
        silos.UnionWith(_registered);
        return silos;
    }

    private ISocketIoRouterGrain RouterOf(SiloAddress silo) => GrainFactory.GetGrain<ISocketIoRouterGrain>(SocketIoKeys.Router(silo));

    private SiloStatus StatusOf(SiloAddress silo) => membership.CurrentSnapshot.GetSiloStatus(silo);

    public async Task<SocketIoRemoteSocket[]> Fetch(RoomFilter filter)
    {
        var results = new List<SocketIoRemoteSocket>();
        await ForEachSilo(async router =>
        {
            var sockets = await router.Fetch(Key, filter);
            lock (results)
            {
                results.AddRange(sockets);
            }
        });
        return [.. results];
    }

    public Task Apply(RoomFilter filter, SocketCommandKind kind, string? room)
    {
        var key = Key;
        return ForEachSilo(router => router.Apply(key, filter, kind, room));
    }

    /// <summary>Runs on every silo at once and waits for all, so a caller's next operation follows this one everywhere.</summary>
    private async Task ForEachSilo(Func<ISocketIoRouterGrain, Task> call)
    {
        var silos = Silos().ToArray();
        var calls = silos.Select(s => call(RouterOf(s))).ToArray();
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
            if (!calls[i].IsFaulted)
            {
                _failing.Remove(silos[i]);
                continue;
            }

            var error = calls[i].Exception!.GetBaseException();
            if (RouterFailures.IsProvenGone(error, StatusOf(silos[i])))
            {
                _registered.Remove(silos[i]);
            }
            else if (_failing.Add(silos[i]))
            {
                Log.RouterFailed(logger, silos[i].ToString(), LogText.Escape(Key.ToKey()), error.GetType().Name);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(334, LogLevel.Warning, "Silo {Silo} failed an operation of namespace {Namespace} ({Error}); logged again only after it recovers")]
        public static partial void RouterFailed(ILogger logger, string silo, string @namespace, string error);

        [LoggerMessage(335, LogLevel.Warning, "{Count} broadcasts of namespace {Namespace} could not be written to the recovery log ({Error}); their emits fail")]
        public static partial void LogWriteFailed(ILogger logger, string @namespace, int count, string error);
    }
}

[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.SequencerMigration")]
internal sealed record SequencerMigration([property: Id(0)] SocketIoOffset Last, [property: Id(1)] SiloAddress[] Registered);
