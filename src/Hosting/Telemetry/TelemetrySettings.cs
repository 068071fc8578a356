using Microsoft.Extensions.Configuration;

namespace OrleansEio.Hosting.Telemetry;

/// <summary>
/// The <c>Telemetry</c> section, read once at start-up. Everything is off unless configured: no exporter, no
/// listener on the meters, no activity propagation.
/// </summary>
internal sealed record TelemetrySettings(
    string? ServiceName,
    bool Prometheus,
    string PrometheusPath,
    Uri? OtlpEndpoint,
    string OtlpProtocol,
    double SampleRatio)
{
    public const string SectionName = "Telemetry";

    /// <summary>Metrics are collected: something exports them.</summary>
    public bool Metrics => Prometheus || OtlpEndpoint is not null;

    /// <summary>Spans are recorded and Orleans carries their context across grain calls (they leave through OTLP).</summary>
    public bool Tracing => OtlpEndpoint is not null;

    public static TelemetrySettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var endpoint = section["Otlp:Endpoint"];
        var ratio = section.GetValue("Tracing:SampleRatio", 1.0);
        if (ratio is < 0 or > 1)
        {
            throw new InvalidOperationException($"Telemetry:Tracing:SampleRatio must be between 0 and 1; it is {ratio}.");
        }

        var protocol = section["Otlp:Protocol"] ?? "grpc";
        if (protocol is not ("grpc" or "http/protobuf"))
        {
            throw new InvalidOperationException($"Telemetry:Otlp:Protocol must be 'grpc' or 'http/protobuf'; it is '{protocol}'.");
        }

        return new TelemetrySettings(
            section["ServiceName"],
            section.GetValue("Prometheus:Enabled", false),
            section["Prometheus:Path"] ?? "/metrics",
            string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint, UriKind.Absolute),
            protocol,
            ratio);
    }
}
