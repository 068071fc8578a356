using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansEio.Diagnostics;

/// <summary>
/// Metrics of the Socket.IO server (meter <see cref="MeterName"/>). Per-event figures (events, acks, sockets) are
/// plain fields of one <see cref="NamespaceCounters"/> per namespace, which a socket holds and increments, and which
/// are read only when a collector asks: the event path pays an interlocked add, never a tag lookup. Namespaces are
/// counted by their declaration (a dynamic namespace by its pattern), so clients cannot grow the number of series.
/// </summary>
internal sealed class SocketIoMetrics
{
    public const string MeterName = OrleansEioTelemetry.SocketIo;

    private static readonly KeyValuePair<string, object?> Receive = new("network.io.direction", "receive");
    private static readonly KeyValuePair<string, object?> Transmit = new("network.io.direction", "transmit");

    private readonly ConcurrentDictionary<(string Path, string Namespace), NamespaceCounters> _namespaces = new();
    private readonly Counter<long> _connects;
    private readonly Counter<long> _connectErrors;
    private readonly Counter<long> _broadcasts;
    private readonly Histogram<int> _silos;
    private readonly Histogram<int> _deliveries;
    private readonly Counter<long> _budgets;

    public SocketIoMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _connects = meter.CreateCounter<long>("orleanseio.socketio.connects", "{connect}", "Namespace connections accepted, by path and namespace");
        _connectErrors = meter.CreateCounter<long>("orleanseio.socketio.connect_errors", "{connect}", "Namespace connections refused with CONNECT_ERROR, by path, namespace and error type");
        _broadcasts = meter.CreateCounter<long>("orleanseio.socketio.broadcasts", "{broadcast}", "Broadcasts (room and namespace emits) sent through a namespace directory");
        _silos = meter.CreateHistogram("orleanseio.socketio.broadcast.silos", "{silo}", "Silos a broadcast was sent to",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 3, 4, 6, 8, 12, 16, 32, 64] });
        _deliveries = meter.CreateHistogram("orleanseio.socketio.broadcast.deliveries", "{delivery}", "Sockets one silo handed a broadcast to (one value per broadcast and silo)",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] });
        _budgets = meter.CreateCounter<long>("orleanseio.socketio.budget_rejections", "{rejection}", "Operations and packets refused because they crossed a budget, by the option that sets it");
        meter.CreateObservableUpDownCounter("orleanseio.socketio.active_sockets", () => Observe(c => Volatile.Read(ref c.Sockets)), "{socket}", "Connected sockets, by path and namespace");
        meter.CreateObservableCounter("orleanseio.socketio.events", ObserveEvents, "{event}", "Events received from clients and emitted to one socket, by path, namespace and direction (broadcasts: see orleanseio.socketio.broadcast.deliveries)");
        meter.CreateObservableCounter("orleanseio.socketio.sent_acks", () => Observe(c => Volatile.Read(ref c.AcksSent)), "{ack}", "Acks sent to clients, by path and namespace");
        meter.CreateObservableCounter("orleanseio.socketio.timed_out_acks", () => Observe(c => Volatile.Read(ref c.AcksTimedOut)), "{ack}", "Acks the server awaited (EmitWithAckAsync) that did not come in time, by path and namespace");
    }

    /// <summary>The counters of a namespace as declared (its name, or a dynamic namespace's pattern), made once.</summary>
    public NamespaceCounters For(string path, string @namespace)
        => _namespaces.GetOrAdd((path, @namespace), static key => new NamespaceCounters(key.Path, key.Namespace));

    public void Connected(NamespaceCounters counters) => _connects.Add(1, counters.Tags);

    /// <summary>A CONNECT refused; <paramref name="namespace"/> is null when no namespace was declared under that name.</summary>
    public void ConnectFailed(string path, string? @namespace, string errorType)
        => _connectErrors.Add(1, new("orleanseio.path", path), new("socketio.namespace", @namespace ?? "(undeclared)"), new("error.type", errorType));

    /// <summary>A broadcast leaves its namespace directory for <paramref name="silos"/> silos.</summary>
    public void Broadcast(int silos)
    {
        _broadcasts.Add(1);
        _silos.Record(silos);
    }

    /// <summary>One silo handed a broadcast to <paramref name="sockets"/> of its sockets.</summary>
    public void Delivered(int sockets) => _deliveries.Record(sockets);

    /// <summary>A budget refused something; <paramref name="budget"/> is the setting, e.g. <c>SocketIo:MaxRoomsPerSocket</c>.</summary>
    public void Rejected(string budget) => _budgets.Add(1, new KeyValuePair<string, object?>("orleanseio.budget", budget));

    private IEnumerable<Measurement<long>> Observe(Func<NamespaceCounters, long> read)
    {
        foreach (var counters in _namespaces.Values)
        {
            yield return new Measurement<long>(read(counters), counters.Tags);
        }
    }

    private IEnumerable<Measurement<long>> ObserveEvents()
    {
        foreach (var counters in _namespaces.Values)
        {
            yield return new Measurement<long>(Volatile.Read(ref counters.EventsIn), [.. counters.Tags, Receive]);
            yield return new Measurement<long>(Volatile.Read(ref counters.EventsOut), [.. counters.Tags, Transmit]);
        }
    }
}

/// <summary>One namespace's running figures; incremented by its sockets with <see cref="Interlocked"/>, read by collectors.</summary>
internal sealed class NamespaceCounters(string path, string @namespace)
{
    public long Sockets;
    public long EventsIn;
    public long EventsOut;
    public long AcksSent;
    public long AcksTimedOut;

    public KeyValuePair<string, object?>[] Tags { get; } = [new("orleanseio.path", path), new("socketio.namespace", @namespace)];
}
