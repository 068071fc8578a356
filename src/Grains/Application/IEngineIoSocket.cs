namespace OrleansEio;

/// <summary>
/// The session as its application sees it. Use it only inside the application's handlers; from
/// anywhere else (a controller, another grain, a background service) use <see cref="IEngineIoSessions"/>.
/// </summary>
public interface IEngineIoSocket
{
    /// <summary>The Engine.IO session id.</summary>
    string Id { get; }

    /// <summary><c>polling</c> or <c>websocket</c>: the transport the session is on now.</summary>
    string Transport { get; }

    /// <summary>What the client sent on its handshake request (query, headers, address).</summary>
    EngineIoHandshake Handshake { get; }

    /// <summary>
    /// True when a message sent now leaves at once, as engine.io's <c>transport.writable</c>: the session is open, nothing
    /// is queued, and its transport is waiting for packets (a long-polling GET is pending, or the WebSocket's gateway
    /// is waiting for its next frames). False while the transport is carrying earlier packets to the client, between
    /// two GETs, and while an upgrade hands the session to the WebSocket. Socket.IO's <c>volatile</c> emits are
    /// dropped when it is false.
    /// </summary>
    bool Writable { get; }

    /// <summary>Queues a message for the client; false when the session is no longer open.</summary>
    bool Send(EngineIoMessage message);

    /// <summary>
    /// Completes once everything queued so far has been written by a transport and that transport came back
    /// for more (engine.io's <c>drain</c>); at once when nothing is queued, and when the session closes.
    /// </summary>
    Task WhenDrainedAsync();

    /// <summary>Per-session state of the application (like <c>HttpContext.Items</c>); lives as long as the session.</summary>
    object? State { get; set; }

    /// <summary>Closes the session after what is already queued has been delivered; <paramref name="reason"/> is what the application hears.</summary>
    void Close(string reason = "forced close");
}
