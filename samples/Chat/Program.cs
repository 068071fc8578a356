using OrleansEio;
using OrleansEio.SocketIo;

// An ASP.NET Core app with its own Orleans silo, serving Socket.IO clients at /socket.io.
var builder = WebApplication.CreateBuilder(args);
builder.UseOrleans(silo => silo.UseLocalhostClustering(
    siloPort: builder.Configuration.GetValue("Silo:Port", 11111),
    gatewayPort: builder.Configuration.GetValue("Silo:GatewayPort", 30000)));

// Silo side: the namespaces and their handlers run inside each client's session grain.
builder.Services.AddSocketIo("/socket.io", io => io
    .Namespace("/", ns => ns.OnConnection(socket =>
    {
        socket.On("join", async e =>
        {
            await socket.JoinAsync(e.Args.Get<string>(0) ?? "lobby");
            e.Ack?.Send(true);
        });
        socket.On("say", async e =>
        {
            // To everyone in the room but the sender, cluster-wide; the sender gets an ack.
            await socket.To(e.Args.Get<string>(0) ?? "lobby").EmitAsync("said", socket.Id, e.Args.Get<string>(1));
            e.Ack?.Send("delivered");
        });
    })));

// Web side: the Engine.IO transports (long-polling and WebSocket) that ask the session grains for every decision.
builder.Services.AddEngineIo();

var app = builder.Build();
app.MapSocketIo("/socket.io");
app.MapGet("/", () => "Socket.IO at /socket.io");

// Anywhere else in the app, ISocketIoServer reaches every socket of the cluster.
app.MapPost("/announce/{room}", async (string room, ISocketIoServer io) =>
{
    await io.Of("/").To(room).EmitAsync("said", "server", "announcement");
    return Results.Accepted();
});
app.Run();
