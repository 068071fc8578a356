using OrleansEio.SocketIo;

namespace OrleansEio.InteropApp;

/// <summary>
/// The interop app's Socket.IO contract (shared/DESIGN.md), in namespaces <c>/</c> and <c>/custom</c>; any
/// other namespace gets <c>CONNECT_ERROR {"message":"Invalid namespace"}</c>. One event beyond the contract,
/// <c>request-ack(event, ...args)</c>, lets clients test server-to-client acks: the server emits
/// <c>event(...args)</c> with an ack and acks the request with the client's answer. Arguments are read with
/// their types checked: a wrong one (<c>join(42)</c>, <c>broadcast(null, ...)</c>) fails that handler for that
/// client only, and, as with socket.io when a handler throws, no ack is sent.
/// </summary>
public static class SocketIoInteropApp
{
    public static void Configure(SocketIoServerBuilder io) => io
        .Namespace("/", OnConnection)
        .Namespace("/custom", OnConnection);

    private static void OnConnection(SocketIoNamespaceBuilder ns) => ns.OnConnection(socket =>
    {
        if (!socket.Recovered)
        {
            // A socket that moved here with its session already had its greeting.
            socket.Emit("auth", socket.Handshake.Auth);
        }

        socket.On("message", e => socket.Emit("message-back", e.Args));
        socket.On("message-with-ack", e => e.Ack?.Send(e.Args));
        socket.On("echo", e =>
        {
            if (e.Ack is { } ack)
            {
                ack.Send(e.Args);
            }
            else
            {
                socket.Emit("echo", e.Args);
            }
        });
        socket.On("join", async e =>
        {
            await socket.JoinAsync(String(e.Args, 0, "join", "a room"));
            e.Ack?.Send(true);
        });
        socket.On("request-ack", async e =>
        {
            var answer = await socket.EmitWithAckAsync(String(e.Args, 0, "request-ack", "an event name"), TimeSpan.FromSeconds(10), e.Args.Slice(1));
            e.Ack?.Send(answer);
        });
        socket.On("broadcast", async e =>
        {
            await socket.Nsp.To(String(e.Args, 0, "broadcast", "a room")).EmitAsync(String(e.Args, 1, "broadcast", "an event name"), e.Args.Slice(2));
            e.Ack?.Send(true);
        });
    });

    private static string String(SocketIoArgs args, int index, string eventName, string what)
        => args.GetStringOrNull(index) ?? throw new ArgumentException($"{eventName} expects {what} (a string) as argument {index + 1}.");
}
