namespace OrleansEio.SocketIo;

/// <summary>A received event: its name, its arguments and, when the client asked for one, its ack.</summary>
public sealed class SocketIoEvent(string name, SocketIoArgs args, SocketIoAck? ack)
{
    /// <summary>The event name as the client sent it (a numeric name as its decimal text).</summary>
    public string Name { get; } = name;

    /// <summary>The arguments after the name; binary ones resolve to <c>byte[]</c> through <see cref="SocketIoArgs.Get{T}"/>.</summary>
    public SocketIoArgs Args { get; } = args;

    /// <summary>Null when the client did not ask for an acknowledgement.</summary>
    public SocketIoAck? Ack { get; } = ack;
}

/// <summary>Answers a client's emit-with-ack; only the first call is sent.</summary>
public sealed class SocketIoAck
{
    private readonly Action<object?[]> _send;
    private bool _sent;

    internal SocketIoAck(Action<object?[]> send) => _send = send;

    /// <summary>
    /// Sends the ack with <paramref name="args"/> (<c>byte[]</c> travels as binary; a <see cref="SocketIoArgs"/> is spread).
    /// Later calls do nothing, as the client awaits one answer.
    /// </summary>
    public void Send(params object?[] args)
    {
        if (_sent)
        {
            return;
        }

        _sent = true;
        _send(args);
    }
}

/// <summary>Thrown by a namespace middleware to refuse a connection with <c>CONNECT_ERROR {message, data}</c>.</summary>
public sealed class SocketIoConnectionRefusedException(string message, object? data = null) : Exception(message)
{
    /// <summary>The <c>data</c> of the CONNECT_ERROR, serialized as JSON; null sends the message alone.</summary>
    public object? Payload { get; } = data;
}
