using System.Collections.Immutable;
using System.Text.Json;
using OrleansEio.Diagnostics;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>
/// One namespace connection of a session. Lives in the session grain and is used only from its context. Once
/// accepted, its rooms live in the silo's router (where broadcasts are routed), nowhere else: leaving the router
/// is leaving. While its middleware runs it is not connected yet, and rooms it joins wait here until it is.
/// Its listeners and the path of a received event through them are in SocketIoSocket.Listeners.cs.
/// </summary>
internal sealed partial class SocketIoSocket(SocketIoApplication server, IEngineIoSocket engine, string nsp, string id, SocketIoHandshake handshake, bool recovered = false) : ISocketIoSocket
{
    private readonly Dictionary<long, TaskCompletionSource<SocketIoArgs>> _acks = [];
    private List<(SocketPacket Packet, long Bytes)>? _early = [];
    private HashSet<string>? _roomsBeforeAccepted = [];
    private long _nextAckId;
    private bool _connected;

    // Set once the socket starts leaving: its disconnecting handlers run while it is still connected, and must not start it again.
    private bool _leaving;

    public string Id { get; } = id;

    public string SessionId => engine.Id;

    public string Namespace { get; } = nsp;

    /// <summary>The router's key of this socket's namespace.</summary>
    internal SocketIoNamespaceKey Key { get; } = new(server.Path, nsp);

    public SocketIoHandshake Handshake { get; } = handshake;

    public IDictionary<string, object?> Data { get; } = new Dictionary<string, object?>();

    public IReadOnlyCollection<string> Rooms => _roomsBeforeAccepted is { } joined ? [Id, .. joined] : server.Router.RoomsOf(Key, Id);

    /// <summary>False while the middleware runs (as in socket.io), true from its acceptance until it leaves.</summary>
    public bool Connected
    {
        get => _connected;
        private set
        {
            if (value != _connected)
            {
                Interlocked.Add(ref Counters.Sockets, value ? 1 : -1);
            }

            _connected = value;
        }
    }

    /// <summary>Its namespace's running figures (events, acks, sockets).</summary>
    internal NamespaceCounters Counters { get; } = server.CountersOf(nsp);

    public bool Disconnected => !Connected;

    public bool Recovered { get; } = recovered;

    /// <summary>Connection state recovery of this socket; null when it is off.</summary>
    internal SocketRecovery? Recovery { get; private set; }

    private SocketIoOptions Options => server.Options;

    /// <summary>Gives the socket a private id: it becomes recoverable (connection state recovery on).</summary>
    internal SocketIoSocket Recoverable(string pid, SocketIoOffset delivered = default)
    {
        Recovery = new SocketRecovery(server, engine, this, pid) { Delivered = delivered };
        return this;
    }

    /// <summary>
    /// A recovered socket before it is accepted: its data back, its rooms waiting (with any its middleware joins) until
    /// the router takes them, its private id and the client's offset.
    /// </summary>
    internal SocketIoSocket Recover(SocketIoApplication.Recovering recovering)
    {
        foreach (var (key, json) in recovering.Snapshot.Data)
        {
            Data[key] = SocketIoJson.Restore(json);
        }

        _roomsBeforeAccepted!.UnionWith(recovering.Snapshot.Rooms.Where(r => r != Id));
        return Recoverable(recovering.Pid, recovering.Offset);
    }

    /// <summary>
    /// A socket that comes back: it moved here with its session, or a client recovered it (connection state recovery).
    /// Same id and data; the caller adds it to the router with its rooms, and its handlers are registered anew.
    /// </summary>
    internal static SocketIoSocket Restore(SocketIoApplication server, IEngineIoSocket engine, string nsp, string id, SocketIoHandshake handshake, Dictionary<string, string> data, long nextAckId = 0)
    {
        var socket = new SocketIoSocket(server, engine, nsp, id, handshake, recovered: true)
        {
            _nextAckId = nextAckId,
            _roomsBeforeAccepted = null,
            Connected = true,
        };
        foreach (var (key, json) in data)
        {
            socket.Data[key] = SocketIoJson.Restore(json);
        }

        return socket;
    }

    /// <summary>A socket that moved here with its session.</summary>
    internal static SocketIoSocket Arrive(SocketIoApplication server, IEngineIoSocket engine, SocketIoRemoteSocket moved, long nextAckId)
        => Restore(server, engine, moved.Namespace, moved.Id, new SocketIoHandshake(engine.Handshake, SocketIoJson.Parse(moved.Auth)), moved.Data, nextAckId);

    /// <summary>
    /// The session is leaving this silo: the socket leaves this silo's rooms without a disconnect, acks still
    /// awaited fail, and handlers still running here can send nothing more. Returns what moves.
    /// </summary>
    internal (SocketIoRemoteSocket Socket, long NextAckId) Depart()
    {
        var moved = Describe();
        Connected = false;
        Recovery?.Abandon();
        server.Router.RemoveSocket(Key, Id, SessionId);
        FailAcks($"Socket {Id} moved to another silo before the client acknowledged.");
        return (moved, _nextAckId);
    }

    /// <summary>
    /// A client recovered this socket through another session: it leaves this session and its rooms without touching
    /// the snapshot (the other session holds it now), and its disconnect handlers hear <c>transport close</c>.
    /// </summary>
    internal void Supersede()
    {
        Recovery?.Abandon();
        OnDisconnected(SocketIoDisconnectReasons.TransportClose);
    }

    /// <summary>Recoverable events from the routers, in order (connection state recovery on).</summary>
    internal void Receive(SequencedBroadcast[] broadcasts)
    {
        if (Connected)
        {
            Recovery?.Receive(broadcasts);
        }
    }

    public ISocketIoBroadcast To(string room) => Operator([SocketIoGuard.Room(room, Options.MaxRoomNameLength)], [Id]);

    public ISocketIoBroadcast In(string room) => To(room);

    public ISocketIoBroadcast Broadcast => Operator([], [Id]);

    public ISocketIoBroadcast Local => Broadcast.Local;

    public ISocketIoBroadcast Nsp => Operator([], []);

    public ISocketIoEmitter Volatile => new SocketIoEmitter(this, true, null, System.Threading.Timeout.InfiniteTimeSpan);

    public ISocketIoEmitter Compress(bool compress) => new SocketIoEmitter(this, false, compress, System.Threading.Timeout.InfiniteTimeSpan);

    public ISocketIoEmitter Timeout(TimeSpan timeout) => new SocketIoEmitter(this, false, null, SocketIoEmitter.Checked(timeout));

    public void Emit(string eventName, params object?[] args) => Emit(eventName, args, isVolatile: false);

    public void Send(params object?[] args) => Emit("message", args, isVolatile: false);

    internal void Emit(string eventName, object?[]? args, bool isVolatile)
    {
        SocketIoGuard.EmittedEvent(eventName);
        if (Recovery is not null && !isVolatile)
        {
            // As socket.io does with recovery on: a broadcast to the socket's own room, logged and ordered with the rest.
            // Made while the client is away, it waits in the log for the client to recover the socket.
            server.Publisher.Publish(SocketIoBroadcastOperator.Broadcast(Key, new RoomFilter([Id], []), eventName, args ?? [null], Options, server.Parser));
        }
        else if (Connected)
        {
            Interlocked.Increment(ref Counters.EventsOut);
            Send(SocketIoEncoder.Event(server.Parser, Namespace, eventName, args ?? [null], null), isVolatile);
        }
    }

    public Task<SocketIoArgs> EmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] args)
        => EmitWithAckAsync(eventName, SocketIoEmitter.Checked(timeout), args, isVolatile: false);

    internal Task<SocketIoArgs> EmitWithAckAsync(string eventName, TimeSpan timeout, object?[]? args, bool isVolatile)
    {
        // Checked before anything is sent, and thrown here rather than from the returned task: the caller's mistake or budget.
        SocketIoGuard.EmittedEvent(eventName);
        if (!Connected)
        {
            throw new InvalidOperationException($"Socket {Id} is disconnected.");
        }

        if (_acks.Count >= Options.MaxPendingAcks)
        {
            server.Metrics.Rejected("SocketIo:MaxPendingAcks");
            throw new SocketIoLimitExceededException(nameof(SocketIoOptions.MaxPendingAcks), Options.MaxPendingAcks);
        }

        return AwaitAckAsync(eventName, timeout, args ?? [null], isVolatile);
    }

    private async Task<SocketIoArgs> AwaitAckAsync(string eventName, TimeSpan timeout, object?[] args, bool isVolatile)
    {
        var ackId = _nextAckId++;
        var answer = new TaskCompletionSource<SocketIoArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[ackId] = answer;
        Interlocked.Increment(ref Counters.EventsOut);
        Send(SocketIoEncoder.Event(server.Parser, Namespace, eventName, args, ackId), isVolatile);
        try
        {
            return await answer.Task.WaitAsync(timeout, server.Clock);
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref Counters.AcksTimedOut);
            throw;
        }
        finally
        {
            _acks.Remove(ackId);
        }
    }

    public Task JoinAsync(string room)
    {
        SocketIoGuard.Room(room, Options.MaxRoomNameLength);
        if (_roomsBeforeAccepted is { } joined)
        {
            // Joined in a middleware: kept here until the socket is accepted, within the same budget.
            if (!joined.Contains(room) && joined.Count >= Options.MaxRoomsPerSocket)
            {
                server.Metrics.Rejected("SocketIo:MaxRoomsPerSocket");
                throw new SocketIoLimitExceededException(nameof(SocketIoOptions.MaxRoomsPerSocket), Options.MaxRoomsPerSocket);
            }

            joined.Add(room);
        }
        else if (Connected)
        {
            switch (server.Router.Join(Key, Id, room, Options.MaxRoomsPerSocket))
            {
                case SocketIoSiloRouter.JoinResult.LimitReached:
                    server.Metrics.Rejected("SocketIo:MaxRoomsPerSocket");
                    throw new SocketIoLimitExceededException(nameof(SocketIoOptions.MaxRoomsPerSocket), Options.MaxRoomsPerSocket);
                case SocketIoSiloRouter.JoinResult.Joined:
                    Recovery?.Changed();
                    break;
            }
        }

        return Task.CompletedTask;
    }

    public Task LeaveAsync(string room)
    {
        SocketIoGuard.Room(room, Options.MaxRoomNameLength);
        if (_roomsBeforeAccepted is { } joined)
        {
            joined.Remove(room);
        }
        else if (server.Router.Leave(Key, Id, room))
        {
            Recovery?.Changed();
        }

        return Task.CompletedTask;
    }

    /// <summary>The middleware let the socket in: it is connected from now on; returns the rooms it joined meanwhile, for the router.</summary>
    internal IReadOnlyCollection<string> OnAccepted()
    {
        var joined = _roomsBeforeAccepted ?? [];
        _roomsBeforeAccepted = null;
        Connected = true;
        return joined;
    }

    public void Disconnect(bool close = false)
    {
        if (!Connected || _leaving)
        {
            return;
        }

        try
        {
            engine.Send(SocketIoEncoder.Disconnect(server.Parser, Namespace));
        }
        finally
        {
            OnDisconnected(SocketIoDisconnectReasons.ServerNamespaceDisconnect);
        }

        if (close)
        {
            engine.Close();
        }
    }

    /// <summary>
    /// The connection handlers have run: events that arrived before they could register are dispatched now, in order.
    /// </summary>
    internal void OnHandlersRegistered()
    {
        var early = _early;
        _early = null;
        var session = SocketIoSession.Of(engine);
        foreach (var (packet, bytes) in early ?? [])
        {
            session.Handlers.Release(bytes);
            server.Dispatch(engine, session, packet);
        }
    }

    /// <summary>When a handler ends, a change it made to <see cref="Data"/> reaches the snapshot.</summary>
    internal async Task CheckpointAfterAsync(Task handler)
    {
        try
        {
            await handler;
        }
        finally
        {
            if (Connected)
            {
                Recovery?.Checkpoint();
            }
        }
    }

    internal void HandleAck(SocketPacket packet)
    {
        if (packet.Id is { } ackId && _acks.Remove(ackId, out var answer))
        {
            answer.TrySetResult(SocketIoArgs.FromArray(packet.Data!.Value, 0, packet.Attachments));
        }
    }

    /// <summary>
    /// The one path out: the disconnecting handlers start while the socket is still connected and in its rooms, then it
    /// leaves the session and every room, pending acks fail, and the disconnect handlers start (socket.io's order).
    /// </summary>
    internal void OnDisconnected(string reason)
    {
        if (!Connected || _leaving)
        {
            return;
        }

        // The snapshot is written (or removed) while the router still knows the socket's rooms.
        Recovery?.Disconnected(reason);
        _leaving = true;
        if (_early is { } early)
        {
            var gate = SocketIoSession.Of(engine).Handlers;
            early.ForEach(e => gate.Release(e.Bytes));
            _early = null;
        }

        try
        {
            foreach (var handler in _listeners.Lifecycle(SocketIoListeners.Disconnecting))
            {
                server.Run(engine, () => handler(reason), SocketIoListeners.Disconnecting);
            }
        }
        finally
        {
            Connected = false;
            try
            {
                server.Forget(engine, this);
            }
            finally
            {
                FailAcks($"Socket {Id} disconnected ({reason}) before acknowledging.");
                foreach (var handler in _listeners.Lifecycle(SocketIoListeners.Disconnect))
                {
                    server.Run(engine, () => handler(reason), SocketIoListeners.Disconnect);
                }
            }
        }
    }

    internal SocketIoRemoteSocket Describe() => new(
        Id,
        SessionId,
        Namespace,
        [.. Rooms],
        Handshake.Auth.GetRawText(),
        Data.ToDictionary(d => d.Key, d => JsonSerializer.Serialize(d.Value, SocketIoJson.Options)));

    private void FailAcks(string message)
    {
        var pending = _acks.Values.ToArray();
        _acks.Clear();
        foreach (var answer in pending)
        {
            answer.TrySetException(new InvalidOperationException(message));
        }
    }

    /// <summary>An emit's messages: outgoing listeners see it first (a volatile one too, as in socket.io), then it is queued, or dropped when volatile and the transport cannot write now.</summary>
    private void Send(EngineIoMessage[] messages, bool isVolatile)
    {
        NotifyOutgoing(messages);
        if (isVolatile && !engine.Writable)
        {
            return;
        }

        Send(messages);
    }

    private void Send(EngineIoMessage[] messages)
    {
        foreach (var message in messages)
        {
            engine.Send(message);
        }
    }

    private SocketIoBroadcastOperator Operator(ImmutableArray<string> rooms, ImmutableArray<string> except)
        => new(server.Publisher, Key, rooms, except, Options, server.Parser, server.Router);
}
