using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Diagnostics;

/// <summary>The gateway meter against a real gateway: wire errors by code and status, packets and bytes by transport and direction.</summary>
public sealed class GatewayMetricsTests(EmbeddedGateway gateway) : IClassFixture<EmbeddedGateway>, IDisposable
{
    private const string Meter = "OrleansEio.Gateway";

    private readonly EioHttp _http = new();

    public void Dispose() => _http.Dispose();

    private MetricCollector<long> Collect(string instrument)
        => new(gateway.Services.GetRequiredService<IMeterFactory>(), Meter, instrument);

    [Fact]
    public async Task A_request_with_a_forged_sid_is_counted_as_a_wire_error_with_its_code_and_status()
    {
        using var errors = Collect("orleanseio.gateway.wire_errors");

        var reply = await _http.PollAsync(gateway.Address, "forged-sid-of-no-session");

        Assert.Equal(400, reply.Status);
        var error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal(1, error.Value);
        Assert.Equal(1, error.Tags["engineio.error.code"]);
        Assert.Equal(400, error.Tags["http.response.status_code"]);
    }

    [Fact]
    public async Task Packets_and_bytes_a_client_posts_and_polls_are_counted_by_transport_and_direction()
    {
        var sid = await _http.HandshakeAsync(gateway.Address);
        using var packets = Collect("orleanseio.gateway.packets");
        using var bytes = Collect("orleanseio.gateway.io");
        packets.RecordObservableInstruments();
        bytes.RecordObservableInstruments();
        var before = (Read(packets, "receive"), Read(bytes, "receive"));

        // Two packets in one payload (separated by the record separator): a message and a ping-less noop.
        Assert.Equal(200, (await _http.PostAsync(gateway.Address, sid, "4hello\u001e6")).Status);

        packets.RecordObservableInstruments();
        bytes.RecordObservableInstruments();
        Assert.Equal(2, Read(packets, "receive") - before.Item1);
        Assert.Equal("4hello\u001e6".Length, Read(bytes, "receive") - before.Item2);
        Assert.True(Read(packets, "transmit") >= 1, "the handshake's open packet was sent");
    }

    /// <summary>The newest cumulative value of the polling transport in one direction (observable counters report totals).</summary>
    private static long Read(MetricCollector<long> collector, string direction)
        => collector.GetMeasurementSnapshot()
            .Last(m => Equals(m.Tags["engineio.transport"], "polling") && Equals(m.Tags["network.io.direction"], direction)).Value;
}
