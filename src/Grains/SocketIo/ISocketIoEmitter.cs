namespace OrleansEio.SocketIo;

/// <summary>
/// A socket's emits with flags, as socket.io's <c>socket.volatile</c>, <c>socket.compress(bool)</c> and
/// <c>socket.timeout(ms)</c> set them: <c>socket.Volatile.Emit("position", x)</c>,
/// <c>await socket.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("question")</c>. Each flag returns a new
/// emitter (socket.io's flags are mutable state reset by the next emit, which is unsafe across <c>await</c>); the
/// flags combine: <c>socket.Volatile.Timeout(t)</c>. Arguments are checked as by <see cref="ISocketIoSocket.Emit"/>.
/// </summary>
public interface ISocketIoEmitter
{
    /// <summary>The same emits, also volatile: dropped when the transport cannot write at once (<see cref="IEngineIoSocket.Writable"/>).</summary>
    ISocketIoEmitter Volatile { get; }

    /// <summary>The same emits with the compress flag; accepted, with no effect until compression exists on the wire.</summary>
    ISocketIoEmitter Compress(bool compress);

    /// <summary>The same emits, with their acknowledgement awaited at most <paramref name="timeout"/>.</summary>
    ISocketIoEmitter Timeout(TimeSpan timeout);

    /// <summary>Sends an event to this client, as <see cref="ISocketIoSocket.Emit"/>; a volatile one is dropped when the transport is not writable.</summary>
    void Emit(string eventName, params object?[] args);

    /// <summary>
    /// Sends an event and waits for the client's acknowledgement: at most the <see cref="Timeout"/> given (then
    /// <see cref="TimeoutException"/>), else until the client answers or the socket disconnects (socket.io's
    /// <c>emitWithAck</c> without a timeout). A dropped volatile emit is never answered. Same budget as
    /// <see cref="ISocketIoSocket.EmitWithAckAsync"/>.
    /// </summary>
    Task<SocketIoArgs> EmitWithAckAsync(string eventName, params object?[] args);

    /// <summary>Sends a <c>message</c> event with these flags.</summary>
    void Send(params object?[] args);
}
