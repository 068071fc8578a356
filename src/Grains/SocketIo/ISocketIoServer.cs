using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Collections.Immutable;

namespace OrleansEio.SocketIo;

/// <summary>The Socket.IO server as seen from anywhere in the cluster (a controller, a grain, a background service).</summary>
public interface ISocketIoServer
{
    /// <summary>A namespace, for namespace-wide and room emits and operations (socket.io's <c>io.of(name)</c>).</summary>
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

internal sealed class SocketIoServer(IGrainFactory grains, string path) : ISocketIoServer
{
    public ISocketIoBroadcast Of(string nsp) => new SocketIoBroadcastOperator(grains, path, nsp, [], []);
}

internal sealed class SocketIoBroadcastOperator(IGrainFactory grains, string path, string nsp, ImmutableArray<string> rooms, ImmutableArray<string> except) : ISocketIoBroadcast
{
    // Grain references are made once per namespace: resolving one costs microseconds (fan-out profile).
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<string, ISocketIoNamespaceGrain>> Directories = new();

    private ISocketIoNamespaceGrain Directory => Directories.GetOrCreateValue(grains)
        .GetOrAdd(SocketIoKeys.Namespace(path, nsp), static (key, factory) => factory.GetGrain<ISocketIoNamespaceGrain>(key), grains);

    private RoomFilter Filter => new([.. rooms], [.. except]);

    public ISocketIoBroadcast To(string room) => new SocketIoBroadcastOperator(grains, path, nsp, rooms.Add(room), except);

    public ISocketIoBroadcast Except(string room) => new SocketIoBroadcastOperator(grains, path, nsp, rooms, except.Add(room));

    public Task EmitAsync(string eventName, params object?[] args)
        => Directory.Broadcast(new BroadcastMessage(path, nsp, Filter, SocketIoEncoder.Event(nsp, eventName, args, null)));

    public async Task<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync() => await Directory.Fetch(Filter);

    public Task SocketsJoinAsync(string room) => Directory.Apply(Filter, SocketCommandKind.Join, room);

    public Task SocketsLeaveAsync(string room) => Directory.Apply(Filter, SocketCommandKind.Leave, room);

    public Task DisconnectSocketsAsync(bool close = false)
        => Directory.Apply(Filter, close ? SocketCommandKind.DisconnectAndClose : SocketCommandKind.Disconnect, null);
}
