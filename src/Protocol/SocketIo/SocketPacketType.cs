namespace OrleansEio.Protocol.SocketIo;

/// <summary>Socket.IO v5 packet types; the value is the digit that starts an encoded packet.</summary>
public enum SocketPacketType : byte
{
    /// <summary><c>0</c>: the client asks to join a namespace (with an optional auth object); the server's answer carries the socket id.</summary>
    Connect = 0,
    /// <summary><c>1</c>: leaves a namespace (either side).</summary>
    Disconnect = 1,
    /// <summary><c>2</c>: an event <c>[name, ...args]</c>, with an ack id when the sender awaits an answer.</summary>
    Event = 2,
    /// <summary><c>3</c>: the answer to the event with the same ack id.</summary>
    Ack = 3,
    /// <summary><c>4</c>: the server refuses a CONNECT, with a message and optional data.</summary>
    ConnectError = 4,
    /// <summary><c>5</c>: an event with binary arguments, which follow as separate binary messages.</summary>
    BinaryEvent = 5,
    /// <summary><c>6</c>: an ack with binary arguments, which follow as separate binary messages.</summary>
    BinaryAck = 6,
}
