using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Diagnostics;

/// <summary>
/// The Engine.IO meter against real sessions on a real gateway (Kestrel, embedded silo): what a handshake, an upgrade
/// and a close move. Instruments are named by their strings, as a dashboard names them: the names are the contract.
/// </summary>
public sealed class EngineIoMetricsTests(EmbeddedGateway gateway) : IClassFixture<EmbeddedGateway>, IDisposable
{
    private const string Meter = "OrleansEio.EngineIo";

    private readonly EioHttp _http = new();

    public void Dispose() => _http.Dispose();

    private MetricCollector<long> Collect(string instrument)
        => new(gateway.Services.GetRequiredService<IMeterFactory>(), Meter, instrument);

    private static long Sum(MetricCollector<long> collector, string tag, string value)
        => collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags.GetValueOrDefault(tag), value)).Sum(m => m.Value);

    [Fact]
    public async Task A_polling_handshake_counts_a_handshake_and_an_open_polling_session()
    {
        using var handshakes = Collect("orleanseio.engineio.handshakes");
        using var active = Collect("orleanseio.engineio.active_sessions");

        await _http.HandshakeAsync(gateway.Address);

        Assert.Equal(1, Sum(handshakes, "engineio.transport", "polling"));
        Assert.Equal(0, Sum(handshakes, "engineio.transport", "websocket"));
        Assert.Equal(1, Sum(active, "engineio.transport", "polling"));
        Assert.Contains(active.GetMeasurementSnapshot(), m => m.Tags.ContainsKey("orleanseio.silo"));
    }

    [Fact]
    public async Task An_upgrade_is_counted_as_succeeded_and_moves_the_session_to_websocket()
    {
        using var upgrades = Collect("orleanseio.engineio.upgrades");
        using var active = Collect("orleanseio.engineio.active_sessions");
        var sid = await _http.HandshakeAsync(gateway.Address);

        using var socket = await EioHttp.ConnectAsync(gateway.Address, sid);
        await EioHttp.SendTextAsync(socket, "2probe");
        Assert.Equal("3probe", await EioHttp.ReceiveAsync(socket));
        await EioHttp.SendTextAsync(socket, "5");
        await upgrades.WaitForMeasurementsAsync(1, Bounded.Default);

        Assert.Equal(1, Sum(upgrades, "engineio.upgrade.outcome", "succeeded"));
        Assert.Equal(0, Sum(upgrades, "engineio.upgrade.outcome", "failed") + Sum(upgrades, "engineio.upgrade.outcome", "timed_out"));
        Assert.Equal(0, Sum(active, "engineio.transport", "polling"));
        Assert.Equal(1, Sum(active, "engineio.transport", "websocket"));
    }

    [Fact]
    public async Task An_upgrade_the_client_abandons_is_counted_as_failed()
    {
        using var upgrades = Collect("orleanseio.engineio.upgrades");
        var sid = await _http.HandshakeAsync(gateway.Address);

        using (var socket = await EioHttp.ConnectAsync(gateway.Address, sid))
        {
            await EioHttp.SendTextAsync(socket, "2probe");
            Assert.Equal("3probe", await EioHttp.ReceiveAsync(socket));
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
        }

        await upgrades.WaitForMeasurementsAsync(1, Bounded.Default);
        Assert.Equal(1, Sum(upgrades, "engineio.upgrade.outcome", "failed"));
        Assert.Equal(0, Sum(upgrades, "engineio.upgrade.outcome", "succeeded"));
    }

    [Fact]
    public async Task A_close_by_the_client_is_counted_by_its_reason_and_ends_the_open_session()
    {
        var sid = await _http.HandshakeAsync(gateway.Address);
        using var closes = Collect("orleanseio.engineio.closed_sessions");
        using var active = Collect("orleanseio.engineio.active_sessions");

        Assert.Equal(200, (await _http.PostAsync(gateway.Address, sid, "1")).Status);
        await closes.WaitForMeasurementsAsync(1, Bounded.Default);

        Assert.Equal(1, Sum(closes, "engineio.close.reason", "transport close"));
        Assert.Equal(-1, Sum(active, "engineio.transport", "polling"));
    }
}
