namespace OrleansEio.SocketIo;

/// <summary>A received event: its name, its arguments and, when the client asked for one, its ack.</summary>
public sealed class SocketIoEvent(string name, SocketIoArgs args, SocketIoAck? ack)
{
    public string Name { get; } = name;

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
    public object? Payload { get; } = data;
}
