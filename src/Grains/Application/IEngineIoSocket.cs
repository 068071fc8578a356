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

    EngineIoHandshake Handshake { get; }

    /// <summary>Queues a message for the client; false when the session is no longer open.</summary>
    bool Send(EngineIoMessage message);

    /// <summary>Closes the session after what is already queued has been delivered.</summary>
    void Close();
}
