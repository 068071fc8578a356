using OrleansEio.Gateway.Demo;
using OrleansEio.Gateway.EngineIo;
using OrleansEio.Hosting;
using OrleansEio.InteropApp;
using OrleansEio.Sessions;

namespace OrleansEio.Gateway;

/// <summary>
/// Builds the gateway: either co-hosting a silo (the embedded default, <c>Cluster:Mode=Embedded</c>) or as
/// an Orleans client of a cluster (<c>Cluster:Mode=Client</c>, membership from Redis or <c>Cluster:Gateways</c>).
/// </summary>
public static class GatewayHost
{
    public const string NodeHeader = "X-OrleansEio-Node";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;

        // Sends leave on the flushing thread instead of a queue hop: each WebSocket frame reaches the socket
        // before the next is produced (as with Node's ws), and small-message latency drops.
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = configuration.GetValue("Gateway:InlineScheduling", false));
        builder.Services.AddEngineIo();
        builder.Services.AddSocketIoServer("/socket.io");
        builder.Services.AddOrleansEioOptions(configuration);

        if (string.Equals(configuration["Cluster:Mode"], "Client", StringComparison.OrdinalIgnoreCase))
        {
            builder.UseOrleansClient(client => client.UseConfiguredClustering(configuration));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseConfiguredClustering(configuration));
            builder.Services.AddInteropApps();
        }

        var app = builder.Build();
        var node = configuration["Node:Name"] ?? $"{Environment.MachineName}:{Environment.ProcessId}";
        app.Use((context, next) =>
        {
            context.Response.Headers[NodeHeader] = node;
            return next(context);
        });
        app.MapGet("/healthz", () => Results.Text("alive"));
        app.MapGet("/readyz", async (IGrainFactory grains) => await HealthChecks.IsReadyAsync(grains, TimeSpan.FromSeconds(2))
            ? Results.Text("ready")
            : Results.Text("not connected to the cluster", statusCode: StatusCodes.Status503ServiceUnavailable));
        if (configuration.GetValue("Gateway:AdminEndpoints", false))
        {
            // Off by default: a session's state (silo, transport, queue) is for operators, not the internet.
            app.MapGet("/admin/sessions/{sid}", async (string sid, IGrainFactory grains)
                => Results.Json(await grains.GetGrain<IEngineIoSessionGrain>(sid).Describe().WaitAsync(TimeSpan.FromSeconds(5))));
            app.MapGet("/admin/node", (GatewayNode node, IConfiguration configuration)
                => Results.Json(new { name = configuration["Node:Name"], webSockets = node.WebSockets }));
        }

        app.MapEngineIo("/engine.io");
        app.MapSocketIo("/socket.io");
        app.MapSocketIo(InteropApps.MsgPackPath);
        app.MapSocketIo(DemoChatApp.Path);
        app.MapDemo();
        configureApp?.Invoke(app);
        return app;
    }
}
