using System.Collections.Frozen;
using System.Diagnostics.Metrics;

namespace OrleansEio.Diagnostics;

/// <summary>
/// Metrics of Engine.IO sessions (meter <see cref="MeterName"/>): sessions open by transport and silo, handshakes,
/// upgrades by outcome, closes by reason, budget rejections, and what a graceful shutdown moved. Everything here
/// happens once per session or per refusal, never per packet. Names follow OpenTelemetry's conventions (dotted,
/// the unit as metadata); Prometheus shows them with <c>_</c> and counters with <c>_total</c>.
/// </summary>
internal sealed class EngineIoMetrics
{
    public const string MeterName = OrleansEioTelemetry.EngineIo;

    public const string Polling = "polling";
    public const string WebSocket = "websocket";

    // Close reasons are the server's own words; anything else (an application's Close(reason)) is counted as "other",
    // so no caller can grow the number of series.
    private static readonly FrozenSet<string> KnownReasons = FrozenSet.Create(StringComparer.Ordinal,
        "transport close", "transport error", "ping timeout", "forced close", "parse error", "buffer overflow",
        "message too big", "invalid content", "connect timeout", "too many pending events");

    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _handshakes;
    private readonly Counter<long> _upgrades;
    private readonly Counter<long> _closes;
    private readonly Counter<long> _budgets;

    // Written by the drain and by arrivals, read when a collector asks: reported from the start (0), so they are
    // on a dashboard before the first shutdown.
    private long _drainMoved;
    private long _drainFailed;
    private long _arrived;

    public EngineIoMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _active = meter.CreateUpDownCounter<long>("orleanseio.engineio.active_sessions", "{session}", "Open Engine.IO sessions, by transport and silo");
        _handshakes = meter.CreateCounter<long>("orleanseio.engineio.handshakes", "{handshake}", "Sessions opened by a handshake, by transport");
        _upgrades = meter.CreateCounter<long>("orleanseio.engineio.upgrades", "{upgrade}", "Upgrades from polling to WebSocket, by outcome (succeeded, failed, timed_out)");
        _closes = meter.CreateCounter<long>("orleanseio.engineio.closed_sessions", "{session}", "Sessions closed, by reason");
        _budgets = meter.CreateCounter<long>("orleanseio.engineio.budget_rejections", "{rejection}", "Requests, messages or packets refused because they crossed a budget, by the option that sets it");
        meter.CreateObservableCounter("orleanseio.engineio.drain.moved", () => Volatile.Read(ref _drainMoved), "{grain}", "Sessions and namespace directories moved away by a graceful silo shutdown");
        meter.CreateObservableCounter("orleanseio.engineio.drain.failed", () => Volatile.Read(ref _drainFailed), "{grain}", "Sessions and namespace directories a graceful silo shutdown could not move (no other silo, or not moved in time)");
        meter.CreateObservableCounter("orleanseio.engineio.arrived_sessions", () => Volatile.Read(ref _arrived), "{session}", "Sessions that arrived on this silo from one shutting down");
    }

    /// <summary>A session starts on this silo: opened by a handshake, or arrived from another silo.</summary>
    public void Opened(string transport, string silo, bool handshake)
    {
        _active.Add(1, new("engineio.transport", transport), new("orleanseio.silo", silo));
        if (handshake)
        {
            _handshakes.Add(1, new KeyValuePair<string, object?>("engineio.transport", transport));
        }
        else
        {
            Interlocked.Increment(ref _arrived);
        }
    }

    /// <summary>A session stops being open here: closed (with its <paramref name="reason"/>), or moved away (null).</summary>
    public void Ended(string transport, string silo, string? reason)
    {
        _active.Add(-1, new("engineio.transport", transport), new("orleanseio.silo", silo));
        if (reason is not null)
        {
            _closes.Add(1, new KeyValuePair<string, object?>("engineio.close.reason", KnownReasons.Contains(reason) ? reason : "other"));
        }
    }

    public void Upgraded(string silo)
    {
        _active.Add(-1, new("engineio.transport", Polling), new("orleanseio.silo", silo));
        _active.Add(1, new("engineio.transport", WebSocket), new("orleanseio.silo", silo));
        _upgrades.Add(1, new KeyValuePair<string, object?>("engineio.upgrade.outcome", "succeeded"));
    }

    public void UpgradeFailed(bool timedOut)
        => _upgrades.Add(1, new KeyValuePair<string, object?>("engineio.upgrade.outcome", timedOut ? "timed_out" : "failed"));

    /// <summary>A budget refused something; <paramref name="budget"/> is the setting, e.g. <c>EngineIo:MaxHttpBufferSize</c>.</summary>
    public void Rejected(string budget) => _budgets.Add(1, new KeyValuePair<string, object?>("orleanseio.budget", budget));

    public void Drained(int moved, int failed)
    {
        Interlocked.Add(ref _drainMoved, moved);
        Interlocked.Add(ref _drainFailed, failed);
    }
}
