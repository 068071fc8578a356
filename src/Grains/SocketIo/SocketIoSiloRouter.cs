using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansEio.Diagnostics;
using OrleansEio.Sessions;

namespace OrleansEio.SocketIo;

/// <summary>
/// One per silo: which of this silo's sockets are in which rooms. Sessions update it in-process when their sockets
/// connect, join, leave or disconnect; the namespace sequencers reach it through this silo's
/// <see cref="ISocketIoRouterGrain"/> with each namespace's broadcasts in order, and it hands each one to the
/// matching local sessions.
/// </summary>
internal sealed partial class SocketIoSiloRouter : IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly SiloAddress _silo;
    private readonly ILogger _logger;
    private readonly SocketIoMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly Dictionary<SocketIoNamespaceKey, Members> _namespaces = [];
    private readonly Dictionary<SocketIoNamespaceKey, Task> _registrations = [];
    private readonly IServiceProvider _services;
    private readonly SocketIoRecoveryOptions _recovery;
    private ITimer? _refresh;
    private int _recoverable;

    public SocketIoSiloRouter(IGrainFactory grains, ILocalSiloDetails silo, IServiceProvider services, IOptions<SocketIoOptions> options, SocketIoMetrics metrics, ILogger<SocketIoSiloRouter> logger)
    {
        _grains = grains;
        _metrics = metrics;
        _silo = silo.SiloAddress;
        _services = services;
        _recovery = options.Value.ConnectionStateRecovery;
        _logger = logger;
    }
    private sealed class Member(string socketId, string sessionId, IEngineIoSessionGrain session, string? pid)
    {
        public string SessionId { get; } = sessionId;

        /// <summary>The private id of a recoverable socket, whose snapshot this silo keeps alive; null when recovery is off.</summary>
        public string? Pid { get; } = pid;

        /// <summary>The member's session, made once: resolving a grain reference per delivery showed up in the fan-out profile (reflection).</summary>
        public IEngineIoSessionGrain Session { get; } = session;

        public string SocketId { get; } = socketId;

        public HashSet<string> Rooms { get; } = [socketId];
    }

    internal enum JoinResult { Joined, AlreadyIn, NotConnected, LimitReached }

    private sealed class Members
    {
        public Dictionary<string, Member> BySocket { get; } = [];

        public Dictionary<string, HashSet<Member>> ByRoom { get; } = [];

        /// <summary>The sequencer activation whose deliveries this silo applies, and the number of the last one applied.</summary>
        public (Guid Sequencer, long Sequence) Applied { get; set; }
    }

    /// <summary>
    /// Adds a connected socket (in its own room, and in <paramref name="rooms"/> when it moved here with them) at
    /// once; the returned task completes when the namespace directory knows this silo.
    /// </summary>
    public Task AddSocket(SocketIoNamespaceKey key, string sessionId, string socketId, IEnumerable<string>? rooms = null, string? pid = null)
    {
        lock (_gate)
        {
            var members = _namespaces.TryGetValue(key, out var existing) ? existing : _namespaces[key] = new Members();
            if (members.BySocket.TryGetValue(socketId, out var previous))
            {
                // The same socket recovered through another session on this silo: the new one replaces it.
                RemoveSocket(key, socketId, previous.SessionId);
                members = _namespaces.TryGetValue(key, out existing) ? existing : _namespaces[key] = new Members();
            }

            var member = new Member(socketId, sessionId, _grains.GetGrain<IEngineIoSessionGrain>(sessionId), pid);
            if (pid is not null)
            {
                _recoverable++;
                _refresh ??= StartRefresh();
            }

            members.BySocket[socketId] = member;
            AddToRoom(members, member, socketId);
            foreach (var room in rooms ?? [])
            {
                if (room is not null && member.Rooms.Add(room))
                {
                    AddToRoom(members, member, room);
                }
            }
        }

        return EnsureRegisteredAsync(key);
    }

    /// <summary>Adds a socket to a room unless it is already in <paramref name="maxRooms"/> rooms besides its own.</summary>
    public JoinResult Join(SocketIoNamespaceKey key, string socketId, string room, int maxRooms)
    {
        lock (_gate)
        {
            if (!_namespaces.TryGetValue(key, out var members) || !members.BySocket.TryGetValue(socketId, out var member))
            {
                return JoinResult.NotConnected;
            }

            if (member.Rooms.Contains(room))
            {
                return JoinResult.AlreadyIn;
            }

            // Its own room does not count (a socket may have left it, as socket.io allows).
            if (member.Rooms.Count - (member.Rooms.Contains(socketId) ? 1 : 0) >= maxRooms)
            {
                return JoinResult.LimitReached;
            }

            member.Rooms.Add(room);
            AddToRoom(members, member, room);
            return JoinResult.Joined;
        }
    }

    /// <summary>True when the socket was in the room.</summary>
    public bool Leave(SocketIoNamespaceKey key, string socketId, string room)
    {
        lock (_gate)
        {
            if (_namespaces.TryGetValue(key, out var members) && members.BySocket.TryGetValue(socketId, out var member) && member.Rooms.Remove(room))
            {
                RemoveFromRoom(members, member, room);
                return true;
            }

            return false;
        }
    }

    /// <summary>The rooms a socket is in; none once it has left. The only record of a socket's rooms.</summary>
    public IReadOnlyCollection<string> RoomsOf(SocketIoNamespaceKey key, string socketId)
    {
        lock (_gate)
        {
            return _namespaces.TryGetValue(key, out var members) && members.BySocket.TryGetValue(socketId, out var member) ? [.. member.Rooms] : [];
        }
    }

    /// <summary>Takes a socket out of every room at once; a namespace left without sockets is forgotten (dynamic namespaces come and go).</summary>
    public void RemoveSocket(SocketIoNamespaceKey key, string socketId, string sessionId)
    {
        lock (_gate)
        {
            // A recovered socket keeps its id: the session that held it before must not take out its successor.
            if (!_namespaces.TryGetValue(key, out var members)
                || !members.BySocket.TryGetValue(socketId, out var member)
                || member.SessionId != sessionId)
            {
                return;
            }

            members.BySocket.Remove(socketId);

            foreach (var room in member.Rooms)
            {
                RemoveFromRoom(members, member, room);
            }

            if (member.Pid is not null)
            {
                _recoverable--;
            }

            if (members.BySocket.Count == 0)
            {
                _namespaces.Remove(key);
                _registrations.Remove(key);
            }
        }
    }

    /// <summary>
    /// Hands each broadcast to the matching local sessions, one way, in the delivery's order: every session has
    /// them queued when this returns. A member matched by several broadcasts gets them in one call. A delivery
    /// of the same sequencer numbered at or below the last one applied is a resend, and is not applied again.
    /// Returns how many broadcasts it handed out, summed over the sessions.
    /// </summary>
    public int Deliver(RouterDelivery delivery)
    {
        var key = delivery.Namespace;
        List<(Member Member, List<SequencedBroadcast> Broadcasts)> targets;
        lock (_gate)
        {
            if (!_namespaces.TryGetValue(key, out var members))
            {
                return 0;
            }

            if (members.Applied.Sequencer == delivery.Sequencer && delivery.Sequence <= members.Applied.Sequence)
            {
                return 0;
            }

            members.Applied = (delivery.Sequencer, delivery.Sequence);
            targets = Targets(members, delivery.Broadcasts, _metrics);
        }

        Hand(key.Namespace, targets);
        return targets.Sum(t => t.Broadcasts.Count);
    }

    /// <summary>
    /// Hands broadcasts to this silo's matching sessions without a sequencer (socket.io's <c>local</c> flag): ordered
    /// after what this silo has already handed out, not numbered, so a sequencer's resends are still recognised.
    /// </summary>
    public void DeliverLocal(SocketIoNamespaceKey key, SequencedBroadcast broadcast)
    {
        List<(Member Member, List<SequencedBroadcast> Broadcasts)> targets;
        lock (_gate)
        {
            if (!_namespaces.TryGetValue(key, out var members))
            {
                return;
            }

            targets = Targets(members, [broadcast], _metrics);
        }

        Hand(key.Namespace, targets);
    }

    /// <summary>
    /// One call per member for each run of its broadcasts that travel alike, in order: plain ones together, each
    /// volatile one alone (the session judges each against its transport), recoverable ones through the socket.
    /// </summary>
    private static void Hand(string nsp, List<(Member Member, List<SequencedBroadcast> Broadcasts)> targets)
    {
        foreach (var (member, broadcasts) in targets)
        {
            for (var start = 0; start < broadcasts.Count;)
            {
                var first = broadcasts[start];
                var end = start + 1;
                while (!first.Volatile && end < broadcasts.Count && !broadcasts[end].Volatile && broadcasts[end].Offset.IsNone == first.Offset.IsNone)
                {
                    end++;
                }

                if (!first.Offset.IsNone)
                {
                    // Recoverable broadcasts go through the socket, which drops what it already has and holds them while it replays.
                    member.Session.Notify(new SocketIoDelivery(nsp, member.SocketId, [.. broadcasts.Skip(start).Take(end - start)])).Ignore();
                }
                else
                {
                    var messages = end - start == 1 ? first.Messages : [.. broadcasts.Skip(start).Take(end - start).SelectMany(b => b.Messages)];
                    member.Session.Deliver(messages, first.Volatile).Ignore();
                }

                start = end;
            }
        }
    }

    /// <summary>Each member matched by any of the broadcasts, with the ones it gets, in order. Under the lock.</summary>
    private static List<(Member Member, List<SequencedBroadcast> Broadcasts)> Targets(Members members, SequencedBroadcast[] broadcasts, SocketIoMetrics metrics)
    {
        var targets = new List<(Member, List<SequencedBroadcast>)>();
        if (broadcasts.Length == 1)
        {
            foreach (var member in Select(members, broadcasts[0].Filter))
            {
                targets.Add((member, [broadcasts[0]]));
            }

            metrics.Delivered(targets.Count);
            return targets;
        }

        var index = new Dictionary<Member, List<SequencedBroadcast>>();
        foreach (var broadcast in broadcasts)
        {
            var delivered = 0;
            foreach (var member in Select(members, broadcast.Filter))
            {
                delivered++;
                if (!index.TryGetValue(member, out var list))
                {
                    index[member] = list = [];
                    targets.Add((member, list));
                }

                list.Add(broadcast);
            }

            metrics.Delivered(delivered);
        }

        return targets;
    }

    public async Task<SocketIoRemoteSocket[]> Fetch(SocketIoNamespaceKey key, RoomFilter filter)
    {
        var targets = Select(key, filter);
        var described = await Task.WhenAll(targets.Select(m => ControlAsync(m, new SocketCommand(SocketCommandKind.Describe, key.Namespace, m.SocketId, null))));
        LogFailures(described, key.Namespace);
        return described.OfType<SocketIoRemoteSocket>().ToArray();
    }

    public async Task Apply(SocketIoNamespaceKey key, RoomFilter filter, SocketCommandKind kind, string? room)
    {
        var targets = Select(key, filter);
        LogFailures(await Task.WhenAll(targets.Select(m => ControlAsync(m, new SocketCommand(kind, key.Namespace, m.SocketId, room)))), key.Namespace);
    }

    /// <summary>One member's session answering badly (it died with its silo, or timed out) fails only that member.</summary>
    private static async Task<object?> ControlAsync(Member member, SocketCommand command)
    {
        try
        {
            return await member.Session.Control(command);
        }
        catch (Exception exception)
        {
            return new Failed(exception);
        }
    }

    private void LogFailures(object?[] results, string nsp)
    {
        var failed = results.OfType<Failed>().ToArray();
        if (failed.Length > 0)
        {
            Log.MembersFailed(_logger, failed.Length, LogText.Escape(nsp), failed[0].Exception.GetType().Name);
        }
    }

    private sealed record Failed(Exception Exception);

    /// <summary>How many of this silo's sockets of the namespace are in any of <paramref name="rooms"/> (diagnostics and tests).</summary>
    internal int MembersOf(SocketIoNamespaceKey key, params string[] rooms)
    {
        lock (_gate)
        {
            return _namespaces.TryGetValue(key, out var members)
                ? rooms.SelectMany(room => members.ByRoom.TryGetValue(room, out var inRoom) ? inRoom : []).Distinct().Count()
                : 0;
        }
    }

    private List<Member> Select(SocketIoNamespaceKey key, RoomFilter filter)
    {
        lock (_gate)
        {
            return _namespaces.TryGetValue(key, out var members) ? Select(members, filter) : [];
        }
    }

    private static List<Member> Select(Members members, RoomFilter filter)
    {
        IEnumerable<Member> candidates = filter.Rooms.Length == 0
            ? members.BySocket.Values
            : filter.Rooms.Length == 1
                ? members.ByRoom.TryGetValue(filter.Rooms[0], out var single) ? single : []
                : filter.Rooms.SelectMany(room => room is not null && members.ByRoom.TryGetValue(room, out var inRoom) ? inRoom : []).Distinct();
        return filter.Except.Length == 0 ? candidates.ToList() : candidates.Where(m => !filter.Except.Any(m.Rooms.Contains)).ToList();
    }

    private Task EnsureRegisteredAsync(SocketIoNamespaceKey key)
    {
        lock (_gate)
        {
            if (!_registrations.TryGetValue(key, out var registration) || registration.IsFaulted)
            {
                _registrations[key] = registration = _grains.GetNamespaceGrain(key).Register(_silo);
            }

            return registration;
        }
    }

    /// <summary>One timer per silo keeps every live recoverable socket's snapshot alive (not one timer per socket).</summary>
    private ITimer StartRefresh()
        => TimeProvider.System.CreateTimer(static state => _ = ((SocketIoSiloRouter)state!).RefreshAsync(), this, _recovery.RefreshInterval, _recovery.RefreshInterval);

    private async Task RefreshAsync()
    {
        List<string> pids;
        lock (_gate)
        {
            if (_recoverable == 0)
            {
                return;
            }

            pids = _namespaces.Values.SelectMany(m => m.BySocket.Values).Select(m => m.Pid).OfType<string>().ToList();
        }

        try
        {
            await _services.GetRequiredService<ISocketIoRecoveryStore>().RefreshAsync(pids, _recovery.MaxDisconnectionDuration + _recovery.RefreshInterval);
        }
        catch (Exception exception)
        {
            Log.RefreshFailed(_logger, pids.Count, exception.GetType().Name);
        }
    }

    public void Dispose() => _refresh?.Dispose();

    private static void AddToRoom(Members members, Member member, string room)
    {
        if (!members.ByRoom.TryGetValue(room, out var inRoom))
        {
            members.ByRoom[room] = inRoom = [];
        }

        inRoom.Add(member);
    }

    private static void RemoveFromRoom(Members members, Member member, string room)
    {
        if (members.ByRoom.TryGetValue(room, out var inRoom) && inRoom.Remove(member) && inRoom.Count == 0)
        {
            members.ByRoom.Remove(room);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(311, LogLevel.Warning, "Could not extend the life of {Count} recoverable sockets' snapshots ({Error}); retried at the next refresh")]
        public static partial void RefreshFailed(ILogger logger, int count, string error);

        // The exception's type only: Orleans' messages name the session grain, and sids stay out of Warning lines.
        [LoggerMessage(312, LogLevel.Warning, "{Count} sessions of namespace {Namespace} did not answer a cluster-wide socket operation (first: {Error}); the others did")]
        public static partial void MembersFailed(ILogger logger, int count, string @namespace, string error);
    }
}
