using OrleansEio.Diagnostics;

namespace OrleansEio.SocketIo;

/// <summary>
/// The Socket.IO state of one Engine.IO session: its namespace sockets, the namespaces being connected, the
/// decoder of its incoming messages, its handler budget and its failure counts.
/// </summary>
internal sealed class SocketIoSession(SocketIoOptions options)
{
    public Dictionary<string, SocketIoSocket> Sockets { get; } = [];

    /// <summary>
    /// Namespaces whose CONNECT is being handled (middleware running). Marked before the first await, so a
    /// second CONNECT for the same namespace (in the same POST, or before the first completes) is ignored.
    /// </summary>
    public HashSet<string> Connecting { get; } = [];

    /// <summary>Made by the path's parser on the first message, with the application's budgets.</summary>
    public ISocketIoDecoder? Decoder { get; set; }

    public bool EverConnected { get; set; }

    /// <summary>The session is closing or closed: nothing more is connected or dispatched.</summary>
    public bool Closed { get; set; }

    /// <summary>Waiting packets are being dispatched: a handler ending meanwhile leaves the loop to the one running.</summary>
    public bool Pumping { get; set; }

    public HandlerGate Handlers { get; } = new(options.MaxConcurrentHandlers, options.MaxPendingEvents, options.MaxPendingEventBytes);

    public FailureLog Failures { get; } = new();

    public static SocketIoSession Of(IEngineIoSocket engine) => (SocketIoSession)engine.State!;
}
