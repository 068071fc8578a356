using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansEio.Gateway.Admin;
using OrleansEio.Gateway.Demo;
using OrleansEio.Hosting;
using OrleansEio.Hosting.Health;
using OrleansEio.Hosting.Telemetry;
using OrleansEio.Hosting.Web;
using OrleansEio.InteropApp;

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
        var host = GatewayHostOptions.From(configuration);
        var cluster = ClusterHostOptions.From(configuration);
        var maxBody = configuration.GetValue($"{EngineIoOptions.SectionName}:MaxHttpBufferSize", new EngineIoOptions().MaxHttpBufferSize);

        // Sends leave on the flushing thread instead of a queue hop: each WebSocket frame reaches the socket
        // before the next is produced (as with Node's ws), and small-message latency drops.
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = host.InlineScheduling);
        builder.WebHost.ConfigureKestrel(kestrel => KestrelLimits.ApplyDefaults(kestrel, configuration, maxBody + 64 * 1024));
        builder.ListenOnManagementPort(host.ManagementPort);

        builder.Services.AddOptions<GatewayHostOptions>().Bind(configuration.GetSection(GatewayHostOptions.SectionName)).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayHostOptions>, GatewayHostOptionsValidator>());
        builder.Services.Configure<EngineIoGatewayOptions>(configuration.GetSection(EngineIoGatewayOptions.SectionName));
        builder.Services.AddEngineIo();
        builder.Services.AddSocketIoServer("/socket.io");
        builder.Services.AddOrleansEioOptions(configuration);
        builder.Services.AddOrleansEioHealthChecks();
        builder.AddOrleansEioTelemetry("orleanseio-gateway");
        TrustedProxyOptions.Configure(builder.Services, host.ForwardedHeaders);

        if (cluster.IsClient)
        {
            builder.UseOrleansClient(client => client.UseConfiguredClustering(configuration).UseConfiguredTelemetry(configuration));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseConfiguredClustering(configuration).UseConfiguredTelemetry(configuration));
            builder.Services.AddInteropApps(configuration);
        }

        var app = builder.Build();
        TrustedProxyOptions.Use(app, host.ForwardedHeaders);
        app.UseManagementPort(host.ManagementPort);
        var node = configuration["Node:Name"] ?? $"{Environment.MachineName}:{Environment.ProcessId}";
        app.Use((context, next) =>
        {
            context.Response.Headers[NodeHeader] = node;
            return next(context);
        });

        app.MapOrleansEioHealth();
        app.MapOrleansEioTelemetry();
        app.MapAdmin(host.Admin);
        if (InteropApps.TestAppsEnabled(configuration))
        {
            app.MapEngineIo("/engine.io");
            app.MapSocketIo("/socket.io");
            app.MapSocketIo(InteropApps.MsgPackPath);
        }

        app.MapSocketIo(DemoChatApp.Path);
        app.MapDemo();
        configureApp?.Invoke(app);
        return app;
    }
}
