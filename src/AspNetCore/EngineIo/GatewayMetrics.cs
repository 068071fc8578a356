using System.Diagnostics.Metrics;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// Counters for what the gateway refuses. Refusals are counted, never logged one by one: a flood of junk must
/// cost no more than answering it (DESIGN.md invariant 8), and a log line per request would be the flood's echo.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "OrleansEio.Gateway";

    private static readonly KeyValuePair<string, object?>[] ByCode =
        [.. Enum.GetValues<EngineIoErrorCode>().Select(c => new KeyValuePair<string, object?>("reason", EngineIoErrors.Message(c)))];

    private static readonly KeyValuePair<string, object?> TooManyHandshakes = new("reason", "Too many handshakes");
    private static readonly KeyValuePair<string, object?> ForeignOrigin = new("reason", "Origin not allowed");
    private static readonly KeyValuePair<string, object?> PayloadTooLarge = new("reason", "Payload too large");
    private static readonly KeyValuePair<string, object?> WriteTimedOut = new("reason", "Write timeout");

    private readonly Counter<long> _refused;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _refused = meter.CreateCounter<long>("orleanseio.gateway.refused", description: "Requests and transports the gateway refused or closed, by reason");
    }

    public void Refused(EngineIoErrorCode code) => _refused.Add(1, ByCode[(int)code]);

    public void HandshakeRateExceeded() => _refused.Add(1, TooManyHandshakes);

    public void OriginRefused() => _refused.Add(1, ForeignOrigin);

    public void TooLarge() => _refused.Add(1, PayloadTooLarge);

    public void SlowReader() => _refused.Add(1, WriteTimedOut);
}
