using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrleansEio.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for a gateway or silo host, chosen by configuration (the <c>Telemetry</c> section) and off unless
/// configured: <c>Telemetry:Prometheus:Enabled=true</c> serves <c>/metrics</c>, <c>Telemetry:Otlp:Endpoint</c> exports
/// metrics and traces over OTLP.
/// docs/operations.md lists what is exported and what to watch.
/// </summary>
public static class OrleansEioTelemetryExtensions
{
    /// <summary>Meters exported besides OrleansEio's own: Orleans, ASP.NET Core, Kestrel and the .NET runtime.</summary>
    private static readonly string[] PlatformMeters = ["Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    /// <summary>
    /// Orleans' sources carry the trace across grain calls: OrleansEio's calls are in <c>Microsoft.Orleans.Runtime</c>
    /// (Orleans files interfaces of namespaces that start with "Orleans" there).
    /// </summary>
    private static readonly string[] PlatformSources = ["Microsoft.AspNetCore", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>
    /// Adds OpenTelemetry as configured: the meters of OrleansEio, Orleans, ASP.NET Core and the runtime to Prometheus
    /// and/or OTLP, and spans to OTLP. <paramref name="serviceName"/> names the service unless <c>Telemetry:ServiceName</c> does.
    /// </summary>
    public static IHostApplicationBuilder AddOrleansEioTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var settings = TelemetrySettings.From(builder.Configuration);
        if (!settings.Metrics)
        {
            return builder;
        }

        var node = builder.Configuration["Node:Name"] ?? $"{Environment.MachineName}:{Environment.ProcessId}";
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName ?? serviceName, serviceInstanceId: node))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. OrleansEioTelemetry.Names, .. PlatformMeters]);
                if (settings.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (settings.OtlpEndpoint is { } endpoint)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource([.. OrleansEioTelemetry.Names, .. PlatformSources])
                .SetSampler(new ParentBasedSampler(new RootSpanSampler(settings.SampleRatio))));
            var protocol = settings.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            telemetry.UseOtlpExporter(protocol, endpoint);
        }

        return builder;
    }

    /// <summary>On a silo: Orleans carries span context across grain calls when tracing is on.</summary>
    public static ISiloBuilder UseConfiguredTelemetry(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (TelemetrySettings.From(configuration).Tracing)
        {
            silo.AddActivityPropagation();
        }

        return silo;
    }

    /// <summary>On a gateway in client mode: Orleans carries span context into the cluster when tracing is on.</summary>
    public static IClientBuilder UseConfiguredTelemetry(this IClientBuilder client, IConfiguration configuration)
    {
        if (TelemetrySettings.From(configuration).Tracing)
        {
            client.AddActivityPropagation();
        }

        return client;
    }

    /// <summary>
    /// Maps the Prometheus scrape endpoint (<c>Telemetry:Prometheus:Path</c>, <c>/metrics</c>) when configured, as an
    /// operations endpoint: on the management port when one is set (see <see cref="ManagementPort"/>).
    /// </summary>
    public static WebApplication MapOrleansEioTelemetry(this WebApplication app)
    {
        var settings = TelemetrySettings.From(app.Configuration);
        if (settings.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(settings.PrometheusPath).OnManagementPort();
        }

        return app;
    }
}
