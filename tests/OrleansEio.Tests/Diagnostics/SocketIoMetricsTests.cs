using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Diagnostics;

/// <summary>The Socket.IO meter against a real socket of the interop app (<c>/socket.io</c>) on a real gateway.</summary>
public sealed class SocketIoMetricsTests(EmbeddedGateway gateway) : IClassFixture<EmbeddedGateway>
{
    private const string Meter = "OrleansEio.SocketIo";
    private const string Path = "/socket.io/";

    private MetricCollector<long> Collect(string instrument)
        => new(gateway.Services.GetRequiredService<IMeterFactory>(), Meter, instrument);

    [Fact]
    public async Task A_connect_an_event_and_its_ack_move_the_namespace_figures()
    {
        using var connects = Collect("orleanseio.socketio.connects");
        using var events = Collect("orleanseio.socketio.events");
        using var acks = Collect("orleanseio.socketio.sent_acks");
        using var sockets = Collect("orleanseio.socketio.active_sockets");
        events.RecordObservableInstruments();
        acks.RecordObservableInstruments();
        var before = (Read(events, "receive"), Read(acks, null));

        using var socket = await EioHttp.ConnectAsync(gateway.Address, path: Path);
        Assert.StartsWith("0{", await EioHttp.ReceiveAsync(socket));
        await EioHttp.SendTextAsync(socket, "40");
        Assert.StartsWith("40{", await EioHttp.ReceiveAsync(socket));
        Assert.Equal("42[\"auth\",{}]", await EioHttp.ReceiveAsync(socket));
        await EioHttp.SendTextAsync(socket, "421[\"message-with-ack\",\"hi\"]");
        Assert.Equal("431[\"hi\"]", await EioHttp.ReceiveAsync(socket));

        var connect = Assert.Single(connects.GetMeasurementSnapshot());
        Assert.Equal("/", connect.Tags["socketio.namespace"]);
        events.RecordObservableInstruments();
        acks.RecordObservableInstruments();
        sockets.RecordObservableInstruments();
        Assert.Equal(1, Read(events, "receive") - before.Item1);
        Assert.Equal(1, Read(acks, null) - before.Item2);
        Assert.True(Read(sockets, null) >= 1);
    }

    [Fact]
    public async Task A_connect_to_an_undeclared_namespace_is_counted_as_a_connect_error()
    {
        using var errors = Collect("orleanseio.socketio.connect_errors");

        using var socket = await EioHttp.ConnectAsync(gateway.Address, path: Path);
        Assert.StartsWith("0{", await EioHttp.ReceiveAsync(socket));
        await EioHttp.SendTextAsync(socket, "40/nowhere,");
        Assert.StartsWith("44/nowhere,", await EioHttp.ReceiveAsync(socket));

        var error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal("(undeclared)", error.Tags["socketio.namespace"]);
        Assert.Equal("invalid_namespace", error.Tags["error.type"]);
    }

    /// <summary>The newest cumulative value for namespace <c>/</c> of <c>/socket.io</c> (and a direction, for events); 0 before any.</summary>
    private static long Read(MetricCollector<long> collector, string? direction)
        => collector.GetMeasurementSnapshot()
            .LastOrDefault(m => Equals(m.Tags.GetValueOrDefault("socketio.namespace"), "/")
                && (m.Tags.GetValueOrDefault("orleanseio.path") as string)?.TrimEnd('/') == "/socket.io"
                && (direction is null || Equals(m.Tags["network.io.direction"], direction)))?.Value ?? 0;
}
