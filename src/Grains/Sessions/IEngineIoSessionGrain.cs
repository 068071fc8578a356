using Orleans.Concurrency;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

/// <summary>
/// One Engine.IO session, keyed by its sid: the only owner of its transport state. Gateways ask it for
/// every decision. Calls that wait (<see cref="Poll"/>, <see cref="Pull"/>) interleave so a pending
/// long-poll never blocks a POST; their waits are bounded and return <c>Retry</c>/empty to be re-issued.
/// </summary>
[Alias("OrleansEio.IEngineIoSessionGrain")]
internal interface IEngineIoSessionGrain : IGrainWithStringKey, IMovableGrain
{
    [Alias("Open")]
    Task<OpenResult> Open(OpenRequest request);

    /// <summary>
    /// A long-polling GET held by <paramref name="gateway"/> (null: not known). The same <paramref name="pollId"/>
    /// is re-sent after <c>Retry</c>. <paramref name="requestToken"/> is the client's cache-busting <c>t</c> (null: none,
    /// or too long to keep), which a balancer's resend of the same GET to another gateway repeats.
    /// </summary>
    [Alias("Poll"), AlwaysInterleave]
    Task<PollResult> Poll(Guid pollId, IGatewayNode? gateway, string? requestToken);

    /// <summary>The client went away while its GET was pending: the session closes.</summary>
    [Alias("AbortPoll"), AlwaysInterleave]
    Task AbortPoll(Guid pollId);

    /// <summary>
    /// The gateway holding this GET is shutting down: the poll returns a noop (or what it already holds) and
    /// stops being pending, so the client's next GET, through any other gateway, continues the session.
    /// </summary>
    [Alias("ReleasePoll"), AlwaysInterleave]
    Task ReleasePoll(Guid pollId);

    /// <summary>
    /// A long-polling POST, already decoded. Null when accepted, else the wire error. The same
    /// <paramref name="postId"/> sent again (a retry after a lost answer) is accepted without being applied twice.
    /// </summary>
    [Alias("Post")]
    Task<EngineIoErrorCode?> Post(Guid postId, EnginePacket[] packets);

    /// <summary>Judges a request that cannot be served (a <c>transport=websocket</c> GET without a WebSocket handshake) without touching the session.</summary>
    [Alias("Reject"), AlwaysInterleave]
    Task<EngineIoErrorCode> Reject(string transport);

    /// <summary>A WebSocket handshake for an existing sid: the connection becomes the upgrade candidate.</summary>
    [Alias("BeginUpgrade")]
    Task<EngineIoErrorCode?> BeginUpgrade(Guid connection);

    /// <summary>
    /// Packets read from a WebSocket, the <paramref name="sequence"/>-th batch of that connection (from 1; 0: not
    /// numbered). A batch sent again after a lost answer is acknowledged without being applied twice. False: close that socket.
    /// </summary>
    [Alias("Receive")]
    Task<bool> Receive(Guid connection, long sequence, EnginePacket[] packets);

    /// <summary>
    /// The next frames to write to a WebSocket: the <paramref name="sequence"/>-th pull of that connection (from 1;
    /// 0: not numbered). A pull sent again after its answer was lost gets the same answer.
    /// </summary>
    [Alias("Pull"), AlwaysInterleave]
    Task<PullResult> Pull(Guid connection, long sequence);

    /// <summary>A WebSocket closed (by the client or the network).</summary>
    [Alias("TransportClosed"), AlwaysInterleave]
    Task TransportClosed(Guid connection);

    /// <summary>A transport delivered garbage: close what it belongs to. <paramref name="connection"/> is empty for polling.</summary>
    [Alias("Fail"), AlwaysInterleave]
    Task Fail(Guid connection, string reason);

    [Alias("Send"), AlwaysInterleave]
    Task<bool> Send(EngineIoMessage[] messages);

    /// <summary>
    /// A broadcast's packets for this session, one way: no answer travels back. Calls from one sender reach
    /// the session in the order they were made (they are queued on the session as they are sent). A
    /// <paramref name="isVolatile"/> broadcast is dropped unless the transport can write it at once.
    /// </summary>
    [Alias("Deliver"), OneWay, AlwaysInterleave]
    Task Deliver(EngineIoMessage[] messages, bool isVolatile);

    [Alias("Close"), AlwaysInterleave]
    Task Close();

    /// <summary>An application-defined command for this session (e.g. Socket.IO's cluster-wide room operations), handled in the session's context.</summary>
    [Alias("Control"), AlwaysInterleave]
    Task<object?> Control(object command);

    /// <summary>An application-defined command for this session, one way (no answer travels back); calls from one sender are handled in the order they were made.</summary>
    [Alias("Notify"), OneWay, AlwaysInterleave]
    Task Notify(object command);

    [Alias("Describe"), AlwaysInterleave]
    Task<SessionSnapshot> Describe();

    /// <summary>Heartbeat and deadline check, driven by the session clock.</summary>
    [Alias("Tick"), OneWay, AlwaysInterleave]
    Task Tick();
}

internal static class EngineIoSessionGrainExtensions
{
    /// <summary>A long-polling GET from a holder that cannot be pinged (tests, tools).</summary>
    public static Task<PollResult> Poll(this IEngineIoSessionGrain session, Guid pollId) => session.Poll(pollId, null, null);

    /// <summary>A long-polling GET whose request carries no <c>t</c> (tests, tools).</summary>
    public static Task<PollResult> Poll(this IEngineIoSessionGrain session, Guid pollId, IGatewayNode? gateway) => session.Poll(pollId, gateway, null);

    /// <summary>A POST that is never retried (tests, tools).</summary>
    public static Task<EngineIoErrorCode?> Post(this IEngineIoSessionGrain session, EnginePacket[] packets) => session.Post(Guid.NewGuid(), packets);

    /// <summary>An unnumbered pull (tests, tools).</summary>
    public static Task<PullResult> Pull(this IEngineIoSessionGrain session, Guid connection) => session.Pull(connection, 0);

    /// <summary>Unnumbered WebSocket packets (tests, tools).</summary>
    public static Task<bool> Receive(this IEngineIoSessionGrain session, Guid connection, EnginePacket[] packets) => session.Receive(connection, 0, packets);
}
