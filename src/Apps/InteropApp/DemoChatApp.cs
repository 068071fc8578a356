using OrleansEio.SocketIo;

namespace OrleansEio.InteropApp;

/// <summary>
/// The demo page's chat, on its own Socket.IO endpoint so the interop app's namespaces stay exactly as
/// specified: nicknames, one room at a time, messages to everyone in the room, cluster-wide.
/// </summary>
public static class DemoChatApp
{
    public const string Path = "/chat/socket.io";

    private const int MaxName = 32;
    private const int MaxText = 500;

    public static void Configure(SocketIoServerBuilder io) => io.Namespace("/", ns => ns.OnConnection(socket =>
    {
        socket.On("join", async e =>
        {
            var request = e.Args.Count > 0 ? e.Args.Get<JoinRequest>(0) : null;
            var nick = Clean(request?.Nick, MaxName);
            var room = Clean(request?.Room, MaxName);
            if (nick is null || room is null)
            {
                e.Ack?.Send(new { error = "nick and room are required" });
                return;
            }

            if (socket.Data.TryGetValue("room", out var previous) && previous is string old && old != room)
            {
                await socket.LeaveAsync(old);
                await socket.To(old).EmitAsync("system", $"{socket.Data["nick"]} left");
            }

            socket.Data["nick"] = nick;
            socket.Data["room"] = room;
            await socket.JoinAsync(room);
            await socket.To(room).EmitAsync("system", $"{nick} joined");
            e.Ack?.Send(new { room });
        });

        socket.On("say", async e =>
        {
            var text = e.Args.Count > 0 ? Clean(e.Args.Get<string>(0), MaxText) : null;
            if (text is not null && socket.Data.TryGetValue("room", out var room) && room is string joined)
            {
                await socket.Nsp.To(joined).EmitAsync("chat", new { nick = socket.Data["nick"], text });
            }
        });

        socket.OnDisconnect(async _ =>
        {
            if (socket.Data.TryGetValue("room", out var room) && room is string joined)
            {
                await socket.Nsp.To(joined).EmitAsync("system", $"{socket.Data["nick"]} left");
            }
        });
    }));

    private static string? Clean(string? value, int max)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > max ? trimmed[..max] : trimmed;
    }

    private sealed record JoinRequest(string? Nick, string? Room);
}
