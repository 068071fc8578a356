using System.Diagnostics.Metrics;
using OrleansEio.Diagnostics;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// Metrics of the gateway's transports (meter <see cref="MeterName"/>): refusals, wire errors, packets and bytes by transport
/// and direction, long waits asked again, WebSockets carried. Refusals are counted, never logged one by one: a flood of junk
/// must cost no more than answering it (DESIGN.md invariant 8), and a log line per request would be the flood's echo. What happens per packet is a plain field incremented with
/// <see cref="Interlocked"/> and read only when a collector asks, so the hot path pays no tag lookup.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = OrleansEioTelemetry.Gateway;

    // Tag values boxed once: a flood of refused requests must not allocate per refusal.
    private static readonly object[] Codes = [.. Enumerable.Range(0, 6).Select(c => (object)c)];
    private static readonly Dictionary<int, object> Statuses = new[] { 400, 403, 413, 429 }.ToDictionary(s => s, s => (object)s);

    private static readonly KeyValuePair<string, object?>[] ByCode =
        [.. Enum.GetValues<EngineIoErrorCode>().Select(c => new KeyValuePair<string, object?>("reason", EngineIoErrors.Message(c)))];

    private static readonly KeyValuePair<string, object?> TooManyHandshakes = new("reason", "Too many handshakes");
    private static readonly KeyValuePair<string, object?> ForeignOrigin = new("reason", "Origin not allowed");
    private static readonly KeyValuePair<string, object?> PayloadTooLarge = new("reason", "Payload too large");
    private static readonly KeyValuePair<string, object?> WriteTimedOut = new("reason", "Write timeout");
    private static readonly KeyValuePair<string, object?>[] CallNames =
        [.. Enum.GetValues<SessionCall>().Select(c => new KeyValuePair<string, object?>("orleanseio.call", c.ToString().ToLowerInvariant()))];
    private static readonly KeyValuePair<string, object?> Elapsed = new("orleanseio.reissue.cause", "elapsed");
    private static readonly KeyValuePair<string, object?> Lost = new("orleanseio.reissue.cause", "lost");

    private readonly Counter<long> _refused;
    private readonly Counter<long> _wireErrors;
    private readonly long[] _reissued = new long[2 * 4];
    private long _readsPaused;

    public GatewayMetrics(IMeterFactory meters, GatewayNode node, EngineIoMetrics engineIo)
    {
        EngineIo = engineIo;
        var meter = meters.Create(MeterName);
        _refused = meter.CreateCounter<long>("orleanseio.gateway.refused", "{request}", "Requests and transports the gateway refused or closed, by reason");
        _wireErrors = meter.CreateCounter<long>("orleanseio.gateway.wire_errors", "{error}", "Engine.IO error answers ({code, message}), by code and HTTP status");
        meter.CreateObservableCounter("orleanseio.gateway.packets", () => Observe(t => t.Packets), "{packet}", "Engine.IO packets received from and sent to clients, by transport and direction");
        meter.CreateObservableCounter("orleanseio.gateway.io", () => Observe(t => t.Bytes), "By", "Bytes of Engine.IO payloads and frames received from and sent to clients, by transport and direction");
        meter.CreateObservableCounter("orleanseio.gateway.reissued_waits", ObserveReissued, "{call}",
            "Calls asked of a session again, by call (poll, pull, post, receive) and cause (elapsed: a poll's or pull's bounded wait at the session ended with nothing to send; lost: the call was lost with a node, or a silo left while it was out)");
        meter.CreateObservableCounter("orleanseio.gateway.reads_paused", () => Volatile.Read(ref _readsPaused), "{pause}",
            "Times a WebSocket's reading waited because the client had not taken what it was sent (flow control against slow readers)");
        meter.CreateObservableUpDownCounter("orleanseio.gateway.active_websockets", () => node.WebSockets, "{connection}", "WebSockets this gateway carries");
    }

    public TransportTraffic Polling { get; } = new(EngineIoMetrics.Polling);

    public TransportTraffic WebSocket { get; } = new(EngineIoMetrics.WebSocket);

    /// <summary>The Engine.IO layer's metrics, for the budgets the gateway enforces (<c>EngineIo:MaxHttpBufferSize</c>, <c>EngineIo:MaxPacketsPerPayload</c>).</summary>
    public EngineIoMetrics EngineIo { get; }

    public void Refused(EngineIoErrorCode code) => _refused.Add(1, ByCode[(int)code]);

    public void HandshakeRateExceeded() => _refused.Add(1, TooManyHandshakes);

    public void OriginRefused() => _refused.Add(1, ForeignOrigin);

    /// <summary>A POST or WebSocket message over <c>EngineIo:MaxHttpBufferSize</c>: a refusal and a budget rejection.</summary>
    public void TooLarge()
    {
        _refused.Add(1, PayloadTooLarge);
        EngineIo.Rejected("EngineIo:MaxHttpBufferSize");
    }

    public void SlowReader() => _refused.Add(1, WriteTimedOut);

    /// <summary>A WebSocket's reading waits for a write the client has not taken.</summary>
    public void ReadPaused() => Interlocked.Increment(ref _readsPaused);

    public void WireError(int code, int status)
        => _wireErrors.Add(1, new("engineio.error.code", code is >= 0 and < 6 ? Codes[code] : code), new("http.response.status_code", Statuses.TryGetValue(status, out var boxed) ? boxed : status));

    /// <summary>A call is asked again: a poll's or pull's wait ended empty (<paramref name="lost"/> false), or the call was lost with a node.</summary>
    public void Reissued(SessionCall call, bool lost) => Interlocked.Increment(ref _reissued[((int)call * 2) + (lost ? 1 : 0)]);

    private IEnumerable<Measurement<long>> Observe(Func<TransportTraffic, (long In, long Out)> read)
    {
        foreach (var traffic in new[] { Polling, WebSocket })
        {
            var (received, sent) = read(traffic);
            yield return new Measurement<long>(received, traffic.Transport, new("network.io.direction", "receive"));
            yield return new Measurement<long>(sent, traffic.Transport, new("network.io.direction", "transmit"));
        }
    }

    private IEnumerable<Measurement<long>> ObserveReissued()
    {
        foreach (var call in Enum.GetValues<SessionCall>())
        {
            var name = CallNames[(int)call];
            if (call is SessionCall.Poll or SessionCall.Pull)
            {
                // Only the waiting calls have a bounded wait that can end empty.
                yield return new Measurement<long>(Volatile.Read(ref _reissued[(int)call * 2]), name, Elapsed);
            }

            yield return new Measurement<long>(Volatile.Read(ref _reissued[((int)call * 2) + 1]), name, Lost);
        }
    }
}

/// <summary>Packets and bytes one transport carried, each way.</summary>
internal sealed class TransportTraffic(string transport)
{
    private long _packetsIn;
    private long _packetsOut;
    private long _bytesIn;
    private long _bytesOut;

    public KeyValuePair<string, object?> Transport { get; } = new("engineio.transport", transport);

    public (long In, long Out) Packets => (Volatile.Read(ref _packetsIn), Volatile.Read(ref _packetsOut));

    public (long In, long Out) Bytes => (Volatile.Read(ref _bytesIn), Volatile.Read(ref _bytesOut));

    public void Received(int packets, long bytes)
    {
        Interlocked.Add(ref _packetsIn, packets);
        Interlocked.Add(ref _bytesIn, bytes);
    }

    public void Sent(int packets, long bytes)
    {
        Interlocked.Add(ref _packetsOut, packets);
        Interlocked.Add(ref _bytesOut, bytes);
    }
}
