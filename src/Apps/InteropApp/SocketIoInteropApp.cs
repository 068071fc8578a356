using OrleansEio.SocketIo;

namespace OrleansEio.InteropApp;

/// <summary>
/// The interop app's Socket.IO contract (shared/DESIGN.md), in namespaces <c>/</c> and <c>/custom</c>; any
/// other namespace gets <c>CONNECT_ERROR {"message":"Invalid namespace"}</c>. One event beyond the contract,
/// <c>request-ack(event, ...args)</c>, lets clients test server-to-client acks: the server emits
/// <c>event(...args)</c> with an ack and acks the request with the client's answer.
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
            await socket.JoinAsync(e.Args.Get<string>(0)!);
            e.Ack?.Send(true);
        });
        socket.On("request-ack", async e =>
        {
            var answer = await socket.EmitWithAckAsync(e.Args.Get<string>(0)!, TimeSpan.FromSeconds(10), e.Args.Slice(1));
            e.Ack?.Send(answer);
        });
        socket.On("broadcast", async e =>
        {
            await socket.Nsp.To(e.Args.Get<string>(0)!).EmitAsync(e.Args.Get<string>(1)!, e.Args.Slice(2));
            e.Ack?.Send(true);
        });
    });
}
