using System.Net;
using OrleansEio.Gateway.Demo;
using OrleansEio.Hosting;
using OrleansEio.InteropApp;

namespace OrleansEio.Gateway;

/// <summary>
/// Builds the gateway: either co-hosting a silo (the embedded default, <c>Cluster:Mode=Embedded</c>) or as
/// an Orleans client of a cluster (<c>Cluster:Mode=Client</c>, gateways in <c>Cluster:Gateways</c>).
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
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = configuration.GetValue("Gateway:InlineScheduling", true));
        builder.Services.AddEngineIo();
        builder.Services.AddSocketIoServer("/socket.io");
        builder.Services.Configure<EngineIoOptions>(configuration.GetSection(EngineIoOptions.SectionName));

        var cluster = configuration.GetSection("Cluster");
        if (string.Equals(cluster["Mode"], "Client", StringComparison.OrdinalIgnoreCase))
        {
            var gateways = (cluster["Gateways"] ?? throw new InvalidOperationException("Cluster:Mode=Client needs Cluster:Gateways (host:port,host:port)."))
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(IPEndPoint.Parse)
                .ToArray();
            builder.UseOrleansClient(client => client
                .UseStaticClustering(gateways)
                .Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ServiceId = cluster["ServiceId"] ?? "orleanseio";
                    o.ClusterId = cluster["ClusterId"] ?? "orleanseio";
                }));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseConfiguredClustering(configuration).AddOrleansEio(configuration));
        }

        var app = builder.Build();
        var node = configuration["Node:Name"] ?? $"{Environment.MachineName}:{Environment.ProcessId}";
        app.Use((context, next) =>
        {
            context.Response.Headers[NodeHeader] = node;
            return next(context);
        });
        app.MapEngineIo("/engine.io");
        app.MapSocketIo("/socket.io");
        app.MapSocketIo(DemoChatApp.Path);
        app.MapDemo();
        configureApp?.Invoke(app);
        return app;
    }
}
