namespace OrleansEio.Protocol.SocketIo;

/// <summary>
/// Event names with a meaning of their own in Socket.IO: the reference parser refuses them in a client's
/// EVENT packet, and the reference server throws when an application emits one.
/// </summary>
public static class SocketIoReservedEvents
{
    /// <summary>The reserved names: <c>connect</c>, <c>connect_error</c>, <c>disconnect</c>, <c>disconnecting</c>, <c>newListener</c>, <c>removeListener</c>.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
    };

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Names"/> (ordinal, case-sensitive).</summary>
    public static bool IsReserved(string name) => Names.Contains(name);

    /// <summary>Whether a received event name (a JSON string) is reserved, without allocating it.</summary>
    public static bool IsReserved(System.Text.Json.JsonElement name)
    {
        foreach (var reserved in Names)
        {
            if (name.ValueEquals(reserved))
            {
                return true;
            }
        }

        return false;
    }
}
