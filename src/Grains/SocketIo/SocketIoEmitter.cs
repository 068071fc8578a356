namespace OrleansEio.SocketIo;

/// <summary>A socket's emits with flags: immutable, so a flag set before an <c>await</c> still holds after it.</summary>
internal sealed class SocketIoEmitter(SocketIoSocket socket, bool isVolatile, bool? compress, TimeSpan timeout) : ISocketIoEmitter
{
    public ISocketIoEmitter Volatile => new SocketIoEmitter(socket, true, compress, timeout);

    public ISocketIoEmitter Compress(bool compress) => new SocketIoEmitter(socket, isVolatile, compress, timeout);

    public ISocketIoEmitter Timeout(TimeSpan timeout) => new SocketIoEmitter(socket, isVolatile, compress, Checked(timeout));

    public void Emit(string eventName, params object?[] args) => socket.Emit(eventName, args, isVolatile);

    public Task<SocketIoArgs> EmitWithAckAsync(string eventName, params object?[] args) => socket.EmitWithAckAsync(eventName, timeout, args, isVolatile);

    public void Send(params object?[] args) => Emit("message", args);

    /// <summary>Checked where it is given, so a bad one throws in the caller's handler rather than from the ack's task.</summary>
    internal static TimeSpan Checked(TimeSpan timeout, string parameter = "timeout")
        => (timeout >= TimeSpan.Zero && timeout.TotalMilliseconds <= MaxTimeoutMilliseconds) || timeout == System.Threading.Timeout.InfiniteTimeSpan
            ? timeout
            : throw new ArgumentOutOfRangeException(parameter, timeout, "A timeout is zero or more (at most about 49 days), or Timeout.InfiniteTimeSpan.");

    // What Task.WaitAsync accepts.
    private const double MaxTimeoutMilliseconds = uint.MaxValue - 1;
}
