using System.Collections.Immutable;
using System.Text.Json;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>One namespace connection of a session. Lives in the session grain and is used only from its context.</summary>
internal sealed class SocketIoSocket(SocketIoApplication server, IEngineIoSocket engine, string nsp, string id, SocketIoHandshake handshake, bool recovered = false) : ISocketIoSocket
{
    private readonly Dictionary<string, List<Func<SocketIoEvent, Task>>> _handlers = [];
    private readonly List<Func<string, Task>> _disconnectHandlers = [];
    private readonly Dictionary<long, TaskCompletionSource<SocketIoArgs>> _acks = [];
    private readonly HashSet<string> _rooms = [id];
    private List<SocketPacket>? _early = [];
    private long _nextAckId;

    public string Id { get; } = id;

    public string SessionId => engine.Id;

    public string Namespace { get; } = nsp;

    public SocketIoHandshake Handshake { get; } = handshake;

    public IDictionary<string, object?> Data { get; } = new Dictionary<string, object?>();

    public IReadOnlyCollection<string> Rooms => _rooms;

    public bool Connected { get; private set; } = true;

    public bool Recovered { get; } = recovered;

    /// <summary>A socket that moved here with its session: same id, rooms and data; its handlers are registered anew.</summary>
    internal static SocketIoSocket Arrive(SocketIoApplication server, IEngineIoSocket engine, SocketIoRemoteSocket moved, long nextAckId)
    {
        var socket = new SocketIoSocket(server, engine, moved.Namespace, moved.Id, new SocketIoHandshake(engine.Handshake, SocketIoJson.Parse(moved.Auth)), recovered: true)
        {
            _nextAckId = nextAckId,
        };
        socket._rooms.UnionWith(moved.Rooms);
        foreach (var (key, json) in moved.Data)
        {
            socket.Data[key] = SocketIoJson.Restore(json);
        }

        return socket;
    }

    /// <summary>
    /// The session is leaving this silo: the socket leaves this silo's rooms without a disconnect, acks still
    /// awaited fail, and handlers still running here can send nothing more. Returns what moves.
    /// </summary>
    internal (SocketIoRemoteSocket Socket, long NextAckId) Depart()
    {
        var moved = Describe();
        Connected = false;
        server.Router.RemoveSocket(server.Path, Namespace, Id);
        foreach (var answer in _acks.Values)
        {
            answer.TrySetException(new InvalidOperationException($"Socket {Id} moved to another silo before the client acknowledged."));
        }

        _acks.Clear();
        return (moved, _nextAckId);
    }

    public ISocketIoBroadcast To(string room) => Operator([room], [Id]);

    public ISocketIoBroadcast Broadcast => Operator([], [Id]);

    public ISocketIoBroadcast Nsp => Operator([], []);

    public ISocketIoSocket On(string eventName, Func<SocketIoEvent, Task> handler)
    {
        if (!_handlers.TryGetValue(eventName, out var list))
        {
            _handlers[eventName] = list = [];
        }

        list.Add(handler);
        return this;
    }

    public ISocketIoSocket OnDisconnect(Func<string, Task> handler)
    {
        _disconnectHandlers.Add(handler);
        return this;
    }

    public void Emit(string eventName, params object?[] args)
    {
        if (Connected)
        {
            Send(SocketIoEncoder.Event(Namespace, eventName, args, null));
        }
    }

    public async Task<SocketIoArgs> EmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] args)
    {
        if (!Connected)
        {
            throw new InvalidOperationException($"Socket {Id} is disconnected.");
        }

        var ackId = _nextAckId++;
        var answer = new TaskCompletionSource<SocketIoArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[ackId] = answer;
        Send(SocketIoEncoder.Event(Namespace, eventName, args, ackId));
        try
        {
            return await answer.Task.WaitAsync(timeout, server.Clock);
        }
        finally
        {
            _acks.Remove(ackId);
        }
    }

    public Task JoinAsync(string room)
    {
        if (Connected && _rooms.Add(room))
        {
            server.Router.Join(server.Path, Namespace, Id, room);
        }

        return Task.CompletedTask;
    }

    public Task LeaveAsync(string room)
    {
        if (_rooms.Remove(room))
        {
            server.Router.Leave(server.Path, Namespace, Id, room);
        }

        return Task.CompletedTask;
    }

    public void Disconnect(bool close = false)
    {
        if (!Connected)
        {
            return;
        }

        engine.Send(SocketIoEncoder.Disconnect(Namespace));
        OnDisconnected(SocketIoDisconnectReasons.ServerNamespaceDisconnect);
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
        foreach (var packet in early ?? [])
        {
            HandleEvent(packet);
        }
    }

    internal void HandleEvent(SocketPacket packet)
    {
        if (_early is not null)
        {
            // A client may emit as soon as it sees the CONNECT ack; its handlers may not exist yet.
            _early.Add(packet);
            return;
        }

        var array = packet.Data!.Value;
        var name = array[0].GetString()!;
        if (!_handlers.TryGetValue(name, out var handlers))
        {
            return;
        }

        var args = SocketIoArgs.FromArray(array, 1, packet.Attachments);
        var ack = packet.Id is { } ackId
            ? new SocketIoAck(values => { if (Connected) { Send(SocketIoEncoder.Ack(Namespace, ackId, values)); } })
            : null;
        var received = new SocketIoEvent(name, args, ack);
        foreach (var handler in handlers.ToArray())
        {
            server.Run(() => handler(received), name);
        }
    }

    internal void HandleAck(SocketPacket packet)
    {
        if (packet.Id is { } ackId && _acks.Remove(ackId, out var answer))
        {
            answer.TrySetResult(SocketIoArgs.FromArray(packet.Data!.Value, 0, packet.Attachments));
        }
    }

    /// <summary>The one path out: leaves every room, fails pending acks, tells the disconnect handlers.</summary>
    internal void OnDisconnected(string reason)
    {
        if (!Connected)
        {
            return;
        }

        Connected = false;
        server.Forget(engine, this);
        foreach (var answer in _acks.Values)
        {
            answer.TrySetException(new InvalidOperationException($"Socket {Id} disconnected ({reason}) before acknowledging."));
        }

        _acks.Clear();
        foreach (var handler in _disconnectHandlers.ToArray())
        {
            server.Run(() => handler(reason), "disconnect");
        }
    }

    internal SocketIoRemoteSocket Describe() => new(
        Id,
        SessionId,
        Namespace,
        [.. _rooms],
        Handshake.Auth.GetRawText(),
        Data.ToDictionary(d => d.Key, d => JsonSerializer.Serialize(d.Value, SocketIoJson.Options)));

    private void Send(EngineIoMessage[] messages)
    {
        foreach (var message in messages)
        {
            engine.Send(message);
        }
    }

    private SocketIoBroadcastOperator Operator(ImmutableArray<string> rooms, ImmutableArray<string> except)
        => new(server.Grains, server.Path, Namespace, rooms, except);
}
