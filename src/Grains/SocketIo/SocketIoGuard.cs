using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>
/// Argument checks of the public API, made where a call enters it: a bad room, event or namespace throws in
/// the caller's own handler and never reaches a structure shared with other clients (router, directory).
/// </summary>
internal static class SocketIoGuard
{
    public static string Room(string? room, int maxLength, string parameter = "room")
    {
        ArgumentNullException.ThrowIfNull(room, parameter);
        if (room.Length == 0)
        {
            throw new ArgumentException("A room name must not be empty.", parameter);
        }

        if (room.Length > maxLength)
        {
            throw new ArgumentException($"A room name may be at most {maxLength} chars (SocketIo:MaxRoomNameLength); this one has {room.Length}.", parameter);
        }

        return room;
    }

    /// <summary>An event to emit: not empty, and not one of the names Socket.IO reserves (as socket.io throws).</summary>
    public static string EmittedEvent(string? name, string parameter = "eventName")
    {
        var checkedName = EventName(name, parameter);
        if (SocketIoReservedEvents.IsReserved(checkedName))
        {
            throw new ArgumentException($"\"{checkedName}\" is a reserved event name.", parameter);
        }

        return checkedName;
    }

    /// <summary>
    /// An event to listen to: a reserved name can never arrive from a client (the parsers refuse it), so registering one
    /// would be a handler that never runs; the message names what the caller wants instead.
    /// </summary>
    public static string HandledEvent(string? name, string parameter = "eventName")
    {
        var checkedName = EventName(name, parameter);
        if (SocketIoReservedEvents.IsReserved(checkedName))
        {
            var instead = checkedName switch
            {
                "disconnect" => "use OnDisconnect",
                "disconnecting" => "use OnDisconnecting",
                "connect" => "connection handlers are declared with OnConnection",
                _ => "no handler can receive it",
            };
            throw new ArgumentException($"\"{checkedName}\" is a reserved event name that no client can send; {instead}.", parameter);
        }

        return checkedName;
    }

    /// <summary>A name to remove or list handlers of: any non-empty name, reserved ones included (they hold the disconnect handlers).</summary>
    public static string ListenerName(string? name, string parameter = "eventName") => EventName(name, parameter);

    /// <summary>A namespace name as socket.io's <c>io.of(name)</c> takes it: a missing leading slash is added.</summary>
    public static string Namespace(string? nsp, string parameter = "nsp")
    {
        ArgumentNullException.ThrowIfNull(nsp, parameter);
        return nsp.StartsWith('/') ? nsp : "/" + nsp;
    }

    private static string EventName(string? name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        if (name.Length == 0)
        {
            throw new ArgumentException("An event name must not be empty.", parameter);
        }

        return name;
    }
}
