using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Hosting;

/// <summary>
/// The /metrics tests run alone: every host in the test process creates meters of the same names, and an exporter
/// listening by meter name may take an observable instrument from another live host (seen once in CI: the gateway's
/// packet counter of this host missing from its own /metrics while other test classes ran their hosts).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PrometheusEndpointCollection
{
    public const string Name = "Prometheus endpoint";
}

/// <summary>
/// <c>Telemetry:Prometheus:Enabled=true</c> serves <c>/metrics</c> on a real gateway host with OrleansEio's figures
/// after a client connected; on the management port only when one is set; and nothing when not configured.
/// </summary>
[Collection(PrometheusEndpointCollection.Name)]
public sealed class PrometheusEndpointTests(PrometheusEndpointTests.Gateway gateway) : IClassFixture<PrometheusEndpointTests.Gateway>, IDisposable
{
    public sealed class Gateway : EmbeddedGateway
    {
        protected override void Configure(WebApplicationBuilder builder)
            => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Prometheus:Enabled"] = "true" });
    }

    private readonly EioHttp _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Metrics_show_the_handshake_and_the_open_session_of_a_client_that_connected()
    {
        var sid = await _http.HandshakeAsync(gateway.Address);
        Assert.Equal(200, (await _http.PostAsync(gateway.Address, sid, "4hello")).Status);

        var reply = await _http.GetAsync(new Uri(gateway.Address, "/metrics"));

        Assert.Equal(200, reply.Status);
        Assert.Matches("""(?m)^orleanseio_engineio_handshakes_total\{[^}]*engineio_transport="polling"[^}]*\} [1-9]""", reply.Body);
        Assert.Matches("""(?m)^orleanseio_engineio_active_sessions\{[^}]*engineio_transport="polling"[^}]*\} [1-9]""", reply.Body);
        Assert.Matches("""(?m)^orleanseio_gateway_packets_total\{[^}]*engineio_transport="polling"[^}]*network_io_direction="receive"[^}]*\} [1-9]""", reply.Body);
    }
}

/// <summary>With a management port, <c>/metrics</c> answers there and not on the application's port.</summary>
[Collection(PrometheusEndpointCollection.Name)]
public sealed class PrometheusOnManagementPortTests(PrometheusOnManagementPortTests.Gateway gateway) : IClassFixture<PrometheusOnManagementPortTests.Gateway>, IDisposable
{
    public sealed class Gateway : EmbeddedGateway
    {
        protected override void Configure(WebApplicationBuilder builder)
            => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telemetry:Prometheus:Enabled"] = "true",
                ["Gateway:ManagementPort"] = FreePorts.Next().ToString(),
            });
    }

    private readonly EioHttp _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Metrics_answer_on_the_management_port_only()
    {
        await _http.HandshakeAsync(gateway.Address);

        var onManagement = await _http.GetAsync(new Uri(gateway.ManagementAddress!, "/metrics"));
        var onApplication = await _http.GetAsync(new Uri(gateway.Address, "/metrics"));

        Assert.Equal(200, onManagement.Status);
        Assert.Contains("orleanseio_engineio_handshakes_total", onManagement.Body);
        Assert.Equal((int)HttpStatusCode.NotFound, onApplication.Status);
    }
}

/// <summary>Without configuration there is no scrape endpoint.</summary>
[Collection(PrometheusEndpointCollection.Name)]
public sealed class PrometheusOffByDefaultTests(EmbeddedGateway gateway) : IClassFixture<EmbeddedGateway>, IDisposable
{
    private readonly EioHttp _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Metrics_are_not_served_unless_configured()
    {
        await _http.HandshakeAsync(gateway.Address);

        Assert.Equal((int)HttpStatusCode.NotFound, (await _http.GetAsync(new Uri(gateway.Address, "/metrics"))).Status);
    }
}
