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

    /// <summary>A new selection without the sockets in <paramref name="room"/> (socket.io's <c>except</c>), whatever else selects them. This selection is not changed.</summary>
    ISocketIoBroadcast Except(string room);

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

internal sealed class SocketIoServer(SocketIoPublisher publisher, string path, SocketIoOptions options, ISocketIoParser parser) : ISocketIoServer
{
    /// <summary>A server with a publisher of its own (tests, tools): its emits keep their order among themselves.</summary>
    public SocketIoServer(IGrainFactory grains, string path, SocketIoOptions? options = null, ISocketIoParser? parser = null)
        : this(
            new SocketIoPublisher(grains, options ?? new SocketIoOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<SocketIoPublisher>.Instance),
            path,
            options ?? new SocketIoOptions(),
            parser ?? SocketIoParsers.Json)
    {
    }

    public ISocketIoBroadcast Of(string nsp)
        => new SocketIoBroadcastOperator(publisher, path, SocketIoGuard.Namespace(nsp), [], [], options, parser);
}

/// <summary>
/// An immutable selection; every argument is checked here, before anything reaches the cluster. A broadcast is encoded
/// once, by its sender, with the path's parser, and delivered as those bytes to every socket (with connection state
/// recovery on, the sequencer frames it once, with its offset).
/// </summary>
internal sealed class SocketIoBroadcastOperator(
    SocketIoPublisher publisher, string path, string nsp, ImmutableArray<string> rooms, ImmutableArray<string> except, SocketIoOptions options, ISocketIoParser parser)
    : ISocketIoBroadcast
{
    // Grain references are made once per namespace: resolving one costs microseconds (fan-out profile).
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<string, ISocketIoNamespaceGrain>> Directories = new();

    private ISocketIoNamespaceGrain Directory => Directories.GetOrCreateValue(publisher.Grains)
        .GetOrAdd(SocketIoKeys.Namespace(path, nsp), static (key, factory) => factory.GetGrain<ISocketIoNamespaceGrain>(key), publisher.Grains);

    private RoomFilter Filter => new([.. rooms], [.. except]);

    public ISocketIoBroadcast To(string room)
        => new SocketIoBroadcastOperator(publisher, path, nsp, rooms.Add(SocketIoGuard.Room(room, options.MaxRoomNameLength)), except, options, parser);

    public ISocketIoBroadcast Except(string room)
        => new SocketIoBroadcastOperator(publisher, path, nsp, rooms, except.Add(SocketIoGuard.Room(room, options.MaxRoomNameLength)), options, parser);

    public Task EmitAsync(string eventName, params object?[] args)
    {
        SocketIoGuard.EmittedEvent(eventName);
        return publisher.PublishAsync(Broadcast(path, nsp, Filter, eventName, args ?? [null], options, parser));
    }

    /// <summary>An emit as it goes to the sequencer: framed by its sender, or (recovery on) left for the sequencer to frame with its offset.</summary>
    internal static BroadcastMessage Broadcast(string path, string nsp, RoomFilter filter, string eventName, object?[] args, SocketIoOptions options, ISocketIoParser parser)
        => options.ConnectionStateRecovery.Enabled
            ? new BroadcastMessage(path, nsp, filter, [], SocketIoEncoder.EventPayload(eventName, args))
            : new BroadcastMessage(path, nsp, filter, SocketIoEncoder.Event(parser, nsp, eventName, args, null));

    public async Task<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync() => await Directory.Fetch(Filter);

    public Task SocketsJoinAsync(string room)
        => Directory.Apply(Filter, SocketCommandKind.Join, SocketIoGuard.Room(room, options.MaxRoomNameLength));

    public Task SocketsLeaveAsync(string room)
        => Directory.Apply(Filter, SocketCommandKind.Leave, SocketIoGuard.Room(room, options.MaxRoomNameLength));

    public Task DisconnectSocketsAsync(bool close = false)
        => Directory.Apply(Filter, close ? SocketCommandKind.DisconnectAndClose : SocketCommandKind.Disconnect, null);
}
