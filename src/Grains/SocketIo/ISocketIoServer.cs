using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Collections.Immutable;

namespace OrleansEio.SocketIo;

/// <summary>The Socket.IO server as seen from anywhere in the cluster (a controller, a grain, a background service).</summary>
public interface ISocketIoServer
{
    /// <summary>
    /// A namespace, for namespace-wide and room emits and operations (socket.io's <c>io.of(name)</c>; a missing
    /// leading <c>/</c> is added). Every method of the result checks its arguments and throws
    /// <see cref="ArgumentException"/> for a null, empty or too long room (<see cref="SocketIoOptions.MaxRoomNameLength"/>),
    /// a null or empty event name, or a reserved one (<c>connect</c>, <c>disconnect</c>, ...), before anything is sent.
    /// </summary>
    ISocketIoBroadcast Of(string nsp);
}

/// <summary>
/// A selection of sockets of one namespace: all of them, those in some rooms, minus those in others.
/// Every operation is cluster-wide and costs one message per silo holding sockets of the namespace.
/// </summary>
public interface ISocketIoBroadcast
{
    /// <summary>
    /// A new selection that also includes the sockets in <paramref name="room"/> (socket.io's <c>to</c>/<c>in</c>): several
    /// <c>To</c> select the sockets in any of the rooms, each once. This selection is not changed.
    /// </summary>
    ISocketIoBroadcast To(string room);

    /// <summary>Same as <see cref="To"/> (socket.io's <c>in</c>).</summary>
    ISocketIoBroadcast In(string room);

    /// <summary>A new selection without the sockets in <paramref name="room"/> (socket.io's <c>except</c>), whatever else selects them. This selection is not changed.</summary>
    ISocketIoBroadcast Except(string room);

    /// <summary>
    /// The same selection, among the sockets of this silo only (socket.io's <c>local</c>): every operation goes straight
    /// to this silo's router, without the cluster. On a node that hosts no silo (a gateway in client mode) it throws
    /// <see cref="InvalidOperationException"/>. A local emit is ordered after the sender's awaited emits, not after
    /// cluster-wide emits it has not awaited.
    /// </summary>
    ISocketIoBroadcast Local { get; }

    /// <summary>The same selection, with the compress flag (socket.io's <c>compress</c>); accepted, with no effect until compression exists on the wire.</summary>
    ISocketIoBroadcast Compress(bool compress);

    /// <summary>
    /// The same selection, its emits volatile (socket.io's <c>volatile</c>): each selected session drops the event when
    /// its transport cannot write at once (<see cref="IEngineIoSocket.Writable"/>) instead of queueing it. Outgoing
    /// listeners see it either way, as in socket.io.
    /// </summary>
    ISocketIoBroadcast Volatile { get; }

    /// <summary>
    /// Emits to every selected socket; completes once every silo has queued it. Emits from one node keep their order
    /// at every receiver, whether or not the caller awaits each one.
    /// </summary>
    Task EmitAsync(string eventName, params object?[] args);

    /// <summary>
    /// Describes every selected socket, wherever it is (socket.io's <c>fetchSockets</c>): a snapshot, not a live handle. A socket
    /// whose session cannot answer (its silo just died) is left out and logged.
    /// </summary>
    Task<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync();

    /// <summary>
    /// Makes every selected socket join <paramref name="room"/> (socket.io's <c>socketsJoin</c>). A socket already at
    /// <see cref="SocketIoOptions.MaxRoomsPerSocket"/> stays out, and is logged; the others join.
    /// </summary>
    Task SocketsJoinAsync(string room);

    /// <summary>Makes every selected socket leave <paramref name="room"/> (socket.io's <c>socketsLeave</c>).</summary>
    Task SocketsLeaveAsync(string room);

    /// <summary>
    /// Disconnects every selected socket from this namespace (reason <c>server namespace disconnect</c>); with
    /// <paramref name="close"/>, closes each one's whole session (socket.io's <c>disconnectSockets(true)</c>).
    /// </summary>
    Task DisconnectSocketsAsync(bool close = false);
}

/// <summary>The server of one path; <c>router</c> is this silo's, null on a node without a silo, where <see cref="ISocketIoBroadcast.Local"/> throws.</summary>
internal sealed class SocketIoServer(SocketIoPublisher publisher, string path, SocketIoOptions options, ISocketIoParser parser, SocketIoSiloRouter? router = null) : ISocketIoServer
{
    /// <summary>A server with a publisher of its own (tests, tools): its emits keep their order among themselves.</summary>
    public SocketIoServer(IGrainFactory grains, string path, SocketIoOptions? options = null, ISocketIoParser? parser = null, SocketIoSiloRouter? router = null)
        : this(
            new SocketIoPublisher(grains, options ?? new SocketIoOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<SocketIoPublisher>.Instance),
            path,
            options ?? new SocketIoOptions(),
            parser ?? SocketIoParsers.Json,
            router)
    {
    }

    public ISocketIoBroadcast Of(string nsp)
        => new SocketIoBroadcastOperator(publisher, new SocketIoNamespaceKey(path, SocketIoGuard.Namespace(nsp)), [], [], options, parser, router);
}

/// <summary>
/// An immutable selection; every argument is checked here, before anything reaches the cluster. A broadcast is encoded
/// once, by its sender, with the path's parser, and delivered as those bytes to every socket (with connection state
/// recovery on, the sequencer frames it once, with its offset). A local selection (<see cref="Local"/>) goes to
/// <paramref name="router"/>, this silo's, instead of the namespace's sequencer and directory.
/// </summary>
internal sealed class SocketIoBroadcastOperator(
    SocketIoPublisher publisher,
    SocketIoNamespaceKey ns,
    ImmutableArray<string> rooms,
    ImmutableArray<string> except,
    SocketIoOptions options,
    ISocketIoParser parser,
    SocketIoSiloRouter? router,
    SocketIoBroadcastOperator.Flags flags = default)
    : ISocketIoBroadcast
{
    /// <summary>The flags of a selection: <see cref="Local"/>, <see cref="Volatile"/>, and <see cref="Compress"/>, carried for the wire's compression (not yet used).</summary>
    internal readonly record struct Flags(bool Local, bool Volatile, bool? Compress);

    // Grain references are made once per namespace: resolving one costs microseconds (fan-out profile).
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<SocketIoNamespaceKey, ISocketIoNamespaceGrain>> Directories = new();

    private ISocketIoNamespaceGrain Directory => Directories.GetOrCreateValue(publisher.Grains)
        .GetOrAdd(ns, static (key, factory) => factory.GetNamespaceGrain(key), publisher.Grains);

    private RoomFilter Filter => new([.. rooms], [.. except]);

    public ISocketIoBroadcast To(string room) => With(rooms.Add(SocketIoGuard.Room(room, options.MaxRoomNameLength)), except, flags);

    public ISocketIoBroadcast In(string room) => To(room);

    public ISocketIoBroadcast Except(string room) => With(rooms, except.Add(SocketIoGuard.Room(room, options.MaxRoomNameLength)), flags);

    public ISocketIoBroadcast Local => router is null
        ? throw new InvalidOperationException("Local selects the sockets of this silo, and this node hosts no silo (a gateway in client mode); emit from a silo, or without Local.")
        : With(rooms, except, flags with { Local = true });

    public ISocketIoBroadcast Compress(bool compress) => With(rooms, except, flags with { Compress = compress });

    public ISocketIoBroadcast Volatile => With(rooms, except, flags with { Volatile = true });

    public Task EmitAsync(string eventName, params object?[] args)
    {
        SocketIoGuard.EmittedEvent(eventName);
        if (flags.Local)
        {
            // Straight to this silo's sessions: nothing to sequence across silos, and nothing logged for recovery (as socket.io's local flag).
            var messages = SocketIoEncoder.Event(parser, ns.Namespace, eventName, args ?? [null], null);
            router!.DeliverLocal(ns, new SequencedBroadcast(SocketIoOffset.None, Filter, messages, flags.Volatile));
            return Task.CompletedTask;
        }

        return publisher.PublishAsync(Broadcast(ns, Filter, eventName, args ?? [null], options, parser, flags.Volatile));
    }

    /// <summary>
    /// An emit as it goes to the sequencer: framed by its sender, or (recovery on) left for the sequencer to frame with
    /// its offset. A volatile one is always framed here: it gets no offset.
    /// </summary>
    internal static BroadcastMessage Broadcast(
        SocketIoNamespaceKey ns, RoomFilter filter, string eventName, object?[] args, SocketIoOptions options, ISocketIoParser parser, bool isVolatile = false)
        => options.ConnectionStateRecovery.Enabled && !isVolatile
            ? new BroadcastMessage(ns, filter, [], SocketIoEncoder.EventPayload(eventName, args))
            : new BroadcastMessage(ns, filter, SocketIoEncoder.Event(parser, ns.Namespace, eventName, args, null), Volatile: isVolatile);

    public async Task<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync()
        => flags.Local ? await router!.Fetch(ns, Filter) : await Directory.Fetch(Filter);

    public Task SocketsJoinAsync(string room) => Apply(SocketCommandKind.Join, SocketIoGuard.Room(room, options.MaxRoomNameLength));

    public Task SocketsLeaveAsync(string room) => Apply(SocketCommandKind.Leave, SocketIoGuard.Room(room, options.MaxRoomNameLength));

    public Task DisconnectSocketsAsync(bool close = false) => Apply(close ? SocketCommandKind.DisconnectAndClose : SocketCommandKind.Disconnect, null);

    private Task Apply(SocketCommandKind kind, string? room)
        => flags.Local ? router!.Apply(ns, Filter, kind, room) : Directory.Apply(Filter, kind, room);

    private SocketIoBroadcastOperator With(ImmutableArray<string> toRooms, ImmutableArray<string> exceptRooms, Flags withFlags)
        => new(publisher, ns, toRooms, exceptRooms, options, parser, router, withFlags);
}
