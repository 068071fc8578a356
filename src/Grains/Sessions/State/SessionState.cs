namespace OrleansEio.Sessions.State;

/// <summary>
/// What an open session is, as one unit: the endpoint it serves, its handshake, the transport it is on, its pending
/// GET, the packets waiting for its client and what it exchanged with its transports. This is what moves when the
/// session migrates to another silo; the upgrade in progress (abandoned), the heartbeat (restarted) and the
/// application's own state (<see cref="IEngineIoApplication.OnDehydrate"/>) are not part of it.
/// </summary>
[GenerateSerializer, Alias("OrleansEio.SessionState")]
internal sealed class SessionState
{
    public SessionState(string path, EngineIoHandshake handshake, ActiveTransport transport, long maxBufferedBytes)
    {
        Path = path;
        Handshake = handshake;
        Transport = transport;
        Outbox = new Outbox(maxBufferedBytes);
    }

    [Id(0)]
    public string Path { get; private set; }

    [Id(1)]
    public EngineIoHandshake Handshake { get; private set; }

    [Id(2)]
    public ActiveTransport Transport { get; private set; }

    [Id(3)]
    public PendingPoll Poll { get; private set; } = new();

    [Id(4)]
    public Outbox Outbox { get; private set; }

    [Id(5)]
    public Deliveries Deliveries { get; private set; } = new();

    /// <summary>The upgrade completed: from now on the session's one transport is that WebSocket.</summary>
    public void SwitchTo(ActiveTransport transport) => Transport = transport;
}
