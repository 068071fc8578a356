using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// Reads one host's instruments of one meter as a collector would (a <see cref="MeterListener"/> scoped to the host's
/// <see cref="IMeterFactory"/>, so other hosts in the test process do not count), observable instruments included.
/// </summary>
internal sealed class MeterProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MeterProbe(IServiceProvider services, string meterName)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Meter.Scope == meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>The sum of what a counter added, optionally of the measurements carrying one tag value.</summary>
    public long Sum(string instrument, string? tag = null, object? value = null)
        => _measurements.Where(m => m.Instrument == instrument && (tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value, value)))).Sum(m => m.Value);

    /// <summary>What an observable counter reads now (its latest observation).</summary>
    public long Observe(string instrument)
    {
        var before = _measurements.Count;
        _listener.RecordObservableInstruments();
        return _measurements.Skip(before).Where(m => m.Instrument == instrument).Sum(m => m.Value);
    }

    public void Dispose() => _listener.Dispose();
}
