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
    ISocketIoBroadcast To(string room);

    ISocketIoBroadcast Except(string room);

    /// <summary>Emits to every selected socket; completes once every node has queued it.</summary>
    Task EmitAsync(string eventName, params object?[] args);

    Task<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync();

    Task SocketsJoinAsync(string room);

    Task SocketsLeaveAsync(string room);

    Task DisconnectSocketsAsync(bool close = false);
}

internal sealed class SocketIoServer(IGrainFactory grains, string path, SocketIoOptions? options = null, ISocketIoParser? parser = null) : ISocketIoServer
{
    private readonly SocketIoOptions _options = options ?? new SocketIoOptions();

    public ISocketIoBroadcast Of(string nsp)
        => new SocketIoBroadcastOperator(grains, path, SocketIoGuard.Namespace(nsp), [], [], _options, parser ?? SocketIoParsers.Json);
}

/// <summary>
/// An immutable selection; every argument is checked here, before anything reaches the cluster. A broadcast is encoded
/// once, by its sender, with the path's parser, and delivered as those bytes to every socket.
/// </summary>
internal sealed class SocketIoBroadcastOperator(
    IGrainFactory grains, string path, string nsp, ImmutableArray<string> rooms, ImmutableArray<string> except, SocketIoOptions options, ISocketIoParser parser)
    : ISocketIoBroadcast
{
    // Grain references are made once per namespace: resolving one costs microseconds (fan-out profile).
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<string, ISocketIoNamespaceGrain>> Directories = new();

    private ISocketIoNamespaceGrain Directory => Directories.GetOrCreateValue(grains)
        .GetOrAdd(SocketIoKeys.Namespace(path, nsp), static (key, factory) => factory.GetGrain<ISocketIoNamespaceGrain>(key), grains);

    private RoomFilter Filter => new([.. rooms], [.. except]);

    public ISocketIoBroadcast To(string room)
        => new SocketIoBroadcastOperator(grains, path, nsp, rooms.Add(SocketIoGuard.Room(room, options.MaxRoomNameLength)), except, options, parser);

    public ISocketIoBroadcast Except(string room)
        => new SocketIoBroadcastOperator(grains, path, nsp, rooms, except.Add(SocketIoGuard.Room(room, options.MaxRoomNameLength)), options, parser);

    public Task EmitAsync(string eventName, params object?[] args)
    {
        SocketIoGuard.EmittedEvent(eventName);
        return Directory.Broadcast(new BroadcastMessage(path, nsp, Filter, SocketIoEncoder.Event(parser, nsp, eventName, args ?? [null], null)));
    }

    public async Task<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync() => await Directory.Fetch(Filter);

    public Task SocketsJoinAsync(string room)
        => Directory.Apply(Filter, SocketCommandKind.Join, SocketIoGuard.Room(room, options.MaxRoomNameLength));

    public Task SocketsLeaveAsync(string room)
        => Directory.Apply(Filter, SocketCommandKind.Leave, SocketIoGuard.Room(room, options.MaxRoomNameLength));

    public Task DisconnectSocketsAsync(bool close = false)
        => Directory.Apply(Filter, close ? SocketCommandKind.DisconnectAndClose : SocketCommandKind.Disconnect, null);
}
