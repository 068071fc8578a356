using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

/// <summary>A handshake: <paramref name="WebSocket"/> is the connection id of a direct WebSocket handshake, empty for polling.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.OpenRequest")]
internal sealed record OpenRequest(
    [property: Id(0)] string Path,
    [property: Id(1)] Guid WebSocket,
    [property: Id(2)] EngineIoHandshake Handshake);

/// <summary>Either the open packet's JSON (after the <c>0</c>) or a wire error, with its message when not the usual one.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.OpenResult")]
internal sealed record OpenResult(
    [property: Id(0)] string? OpenPacket,
    [property: Id(1)] EngineIoErrorCode? Error,
    [property: Id(2)] string? Message = null);

internal enum PollStatus
{
    /// <summary>Write these packets as the response.</summary>
    Packets,
    /// <summary>Nothing yet within the grain's bounded wait: ask again with the same poll id.</summary>
    Retry,
    /// <summary>Answer with the wire error.</summary>
    Error,
}

[GenerateSerializer, Immutable, Alias("OrleansEio.PollResult")]
internal sealed record PollResult(
    [property: Id(0)] PollStatus Status,
    [property: Id(1)] EnginePacket[] Packets,
    [property: Id(2)] EngineIoErrorCode Error)
{
    public static readonly PollResult Retry = new(PollStatus.Retry, [], default);

    public static PollResult Of(EnginePacket[] packets) => new(PollStatus.Packets, packets, default);

    public static PollResult Fail(EngineIoErrorCode error) => new(PollStatus.Error, [], error);
}

/// <summary>
/// Frames for a WebSocket, in order. <paramref name="Close"/>: after writing them, close the socket with
/// <paramref name="Reason"/>. Neither packets nor close: the wait was bounded, pull again.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.PullResult")]
internal sealed record PullResult(
    [property: Id(0)] EnginePacket[] Packets,
    [property: Id(1)] bool Close,
    [property: Id(2)] string? Reason)
{
    public static readonly PullResult Empty = new([], false, null);

    public static PullResult Closed(string reason, EnginePacket[]? last = null) => new(last ?? [], true, reason);
}

/// <summary>What a session looks like right now, for operators and tests. Reading it changes nothing.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SessionSnapshot")]
internal sealed record SessionSnapshot(
    [property: Id(0)] string State,
    [property: Id(1)] string Transport,
    [property: Id(2)] string Upgrade,
    [property: Id(3)] bool PollPending,
    [property: Id(4)] int Buffered,
    [property: Id(5)] string Silo,
    [property: Id(6)] int WaitingCalls,
    [property: Id(7)] bool PingingGateway);
