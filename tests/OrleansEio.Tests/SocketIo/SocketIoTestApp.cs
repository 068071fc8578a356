using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using OrleansEio.SocketIo;

namespace OrleansEio.Tests.SocketIo;

/// <summary>A Socket.IO application exercising the server API, served at <see cref="Path"/> by the test clusters.</summary>
public static partial class SocketIoTestApp
{
    public const string Path = "/sio-test";

    /// <summary>Why each socket disconnected, by socket id.</summary>
    public static ConcurrentDictionary<string, string> Disconnects { get; } = new();

    public static void Configure(SocketIoServerBuilder io) => io
        .Namespace("/", ns => ns
            .Use(async (socket, next) =>
            {
                if (socket.Handshake.Auth.TryGetProperty("token", out var token) && token.GetString() == "bad")
                {
                    throw new SocketIoConnectionRefusedException("not authorized", new { reason = "bad token" });
                }

                socket.Data["user"] = socket.Handshake.Auth.TryGetProperty("user", out var user) ? user.GetString() : "anonymous";
                await next();
            })
            .OnConnection(OnConnection))
        .Namespace(ListenersNamespace, ns => ns.OnConnection(OnListenersConnection))
        .Namespace(DynamicNamespace(), ns => ns.OnConnection(socket => socket.Emit("welcome", socket.Namespace)));

    [GeneratedRegex("^/dyn-[0-9]+$")]
    private static partial Regex DynamicNamespace();

    private static void OnConnection(ISocketIoSocket socket)
    {
        socket.On("whoami", e => e.Ack?.Send(socket.Id, socket.SessionId, socket.Data["user"]));
        socket.On("ask-client", async e =>
        {
            try
            {
                var answer = await socket.EmitWithAckAsync("question", TimeSpan.FromMilliseconds(e.Args.Get<int>(0)), "what is 6*7?");
                e.Ack?.Send("answered", answer);
            }
            catch (TimeoutException)
            {
                e.Ack?.Send("timeout");
            }
        });
        // The typed overload: the first argument bound to byte[] from its attachment, and the optional ack.
        socket.On<byte[]>("upload", (bytes, ack) =>
        {
            ack?.Send(bytes!.Length, bytes.Reverse().ToArray());
            return Task.CompletedTask;
        });
        socket.On("join", async e =>
        {
            await socket.JoinAsync(e.Args.Get<string>(0)!);
            e.Ack?.Send(true);
        });
        socket.On("to-room", async e =>
        {
            await socket.To(e.Args.Get<string>(0)!).EmitAsync("room-message", e.Args.Slice(1));
            e.Ack?.Send(true);
        });
        socket.On("rooms", e => e.Ack?.Send(socket.Rooms.Order().ToArray()));
        // emit-later(ms, event, ...args): a direct emit made later, whether or not the client is still there (acked at once when asked).
        socket.On("emit-later", async e =>
        {
            e.Ack?.Send(true);
            await Task.Delay(e.Args.Get<int>(0));
            socket.Emit(e.Args.Get<string>(1)!, e.Args.Slice(2));
        });
        // Clients may name an event by a number; it arrives under the number's text.
        socket.On("7", e => e.Ack?.Send("seven", e.Name, e.Args));
        socket.OnDisconnect(reason =>
        {
            Disconnects[socket.Id] = reason;
            return Task.CompletedTask;
        });
    }
}
