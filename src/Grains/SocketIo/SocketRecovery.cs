using System.Text.Json;

namespace OrleansEio.SocketIo;

/// <summary>
/// Connection state recovery for one socket (only when <c>SocketIo:ConnectionStateRecovery:Enabled</c>): its private id,
/// the offset of the last recoverable event it was handed, the events held while it replays, and its snapshot in the
/// <see cref="ISocketIoRecoveryStore"/>, written whenever its rooms or <c>Data</c> change so that it outlives the silo.
/// Lives in the session grain and is used only from its context.
/// </summary>
internal sealed class SocketRecovery(SocketIoApplication server, IEngineIoSocket engine, SocketIoSocket socket, string pid)
{
    /// <summary>Most events held while a replay reads the log; more closes the session (it is not keeping up).</summary>
    internal const int MaxHeld = 10_000;

    // socket.io's RECOVERABLE_DISCONNECT_REASONS: after these the client may come back for its socket.
    private static readonly HashSet<string> Recoverable =
    [
        SocketIoDisconnectReasons.TransportError,
        SocketIoDisconnectReasons.TransportClose,
        SocketIoDisconnectReasons.ForcedClose,
        SocketIoDisconnectReasons.PingTimeout,
        "server shutting down",
        SocketIoDisconnectReasons.ForcedServerClose,
    ];

    private List<SequencedBroadcast>? _held;
    private Task _writes = Task.CompletedTask;
    private bool _writePending;
    private string? _savedData;
    private bool _abandoned;

    /// <summary>The socket's private id: what a client presents to recover it, never shown to anyone else.</summary>
    public string Pid { get; } = pid;

    /// <summary>The offset of the last recoverable event handed to the client: anything at or below it is not sent again.</summary>
    public SocketIoOffset Delivered { get; set; }

    private SocketIoRecoveryOptions Options => server.Options.ConnectionStateRecovery;

    private TimeSpan LiveTtl => Options.MaxDisconnectionDuration + Options.RefreshInterval;

    /// <summary>From now until <see cref="Release"/>, events from the routers wait (a replay from the log is under way).</summary>
    public void Hold() => _held = [];

    /// <summary>Recoverable events for this socket, in order: sent, or held while it replays. What it already has is dropped.</summary>
    public void Receive(SequencedBroadcast[] broadcasts)
    {
        if (_held is null)
        {
            foreach (var broadcast in broadcasts)
            {
                Send(broadcast);
            }

            return;
        }

        _held.AddRange(broadcasts);
        if (_held.Count > MaxHeld)
        {
            _held = null;
            server.Overflow(engine, SocketIoSession.Of(engine));
        }
    }

    /// <summary>Sends the logged events after <see cref="Delivered"/> that were meant for the socket's rooms, in log order.</summary>
    public void Replay(IEnumerable<SequencedBroadcast> logged)
    {
        var rooms = socket.Rooms;
        foreach (var broadcast in logged)
        {
            if (IsFor(broadcast.Filter, rooms))
            {
                Send(broadcast);
            }
        }
    }

    /// <summary>The replay is done: what was held is sent, in order, without what the replay already sent.</summary>
    public void Release()
    {
        var held = _held;
        _held = null;
        foreach (var broadcast in held ?? [])
        {
            Send(broadcast);
        }
    }

    /// <summary>socket.io's <c>shouldIncludePacket</c>: to every socket or one of its rooms, and to none of the excepted.</summary>
    internal static bool IsFor(RoomFilter filter, IReadOnlyCollection<string> rooms)
        => (filter.Rooms.Length == 0 || filter.Rooms.Any(rooms.Contains)) && !filter.Except.Any(rooms.Contains);

    private void Send(SequencedBroadcast broadcast)
    {
        if (broadcast.Offset <= Delivered)
        {
            return;
        }

        Delivered = broadcast.Offset;
        foreach (var message in broadcast.Messages)
        {
            engine.Send(message);
        }
    }

    /// <summary>This session now holds the snapshot, whoever held it before (a new socket, or one just recovered).</summary>
    public Task ClaimAsync()
    {
        _savedData = DataJson(out var data);
        return Chain(() => server.RecoveryStore.SaveAsync(Pid, Snapshot(data), LiveTtl, claim: true));
    }

    /// <summary>Rooms changed: the snapshot follows (writes are coalesced, one in flight).</summary>
    public void Changed()
    {
        if (_abandoned || _writePending)
        {
            return;
        }

        _writePending = true;
        _ = Chain(() =>
        {
            _writePending = false;
            _savedData = DataJson(out var data);
            return server.RecoveryStore.SaveAsync(Pid, Snapshot(data), LiveTtl, claim: false);
        });
    }

    /// <summary>A handler of the socket ended: if it changed <c>Data</c>, the snapshot follows.</summary>
    public void Checkpoint()
    {
        if (!_abandoned && DataJson(out _) != _savedData)
        {
            Changed();
        }
    }

    /// <summary>
    /// The socket disconnected: after a reason the client recovers from, the snapshot is kept for
    /// <see cref="SocketIoRecoveryOptions.MaxDisconnectionDuration"/>; after any other, it is removed.
    /// </summary>
    public void Disconnected(string reason)
    {
        if (_abandoned)
        {
            return;
        }

        _abandoned = true;
        if (Recoverable.Contains(reason))
        {
            var data = DataJson(out var values);
            _savedData = data;
            _ = Chain(() => server.RecoveryStore.SaveAsync(Pid, Snapshot(values), Options.MaxDisconnectionDuration, claim: false));
        }
        else
        {
            _ = Chain(() => server.RecoveryStore.DeleteAsync(Pid, engine.Id));
        }
    }

    /// <summary>Another session recovered this socket: this one writes nothing more (the snapshot is the other's now).</summary>
    public void Abandon() => _abandoned = true;

    private RecoverableSocket Snapshot(Dictionary<string, string> data)
        => new(server.Path, socket.Namespace, socket.Id, engine.Id, [.. socket.Rooms], data);

    private string DataJson(out Dictionary<string, string> values)
    {
        values = socket.Data.ToDictionary(d => d.Key, d => JsonSerializer.Serialize(d.Value, SocketIoJson.Options));
        return JsonSerializer.Serialize(values);
    }

    /// <summary>Writes happen one after another, in the order they were asked for; a failure is counted and logged once, never thrown.</summary>
    private Task Chain(Func<Task> write)
    {
        _writes = RunAfterAsync(_writes, write);
        return _writes;
    }

    private async Task RunAfterAsync(Task previous, Func<Task> write)
    {
        try
        {
            await previous;
        }
        catch
        {
            // Logged where it failed.
        }

        try
        {
            await write();
        }
        catch (Exception exception)
        {
            server.Failed(engine, "connection state recovery", exception);
        }
    }
}
