using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansEio.Sessions;

/// <summary>
/// The sessions open on this silo, in total and per client address (<see cref="EngineIoOptions.MaxOpenSessions"/>,
/// <see cref="EngineIoOptions.MaxOpenSessionsPerAddress"/>). Counted where sessions live, so each bound is per
/// silo: a cluster of N silos holds up to N times as many. A session holds its lease from its handshake until it
/// closes or leaves the silo.
/// </summary>
internal sealed partial class OpenSessions(IOptions<EngineIoOptions> options, ILogger<OpenSessions> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private int _total;
    private bool _refusing;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>A lease for a new session from <paramref name="address"/>, or null when a budget is spent.</summary>
    public Lease? TryOpen(string? address)
    {
        var key = ClientAddresses.BudgetKey(address);
        var limits = options.Value;
        lock (_gate)
        {
            var fromAddress = _perAddress.GetValueOrDefault(key);
            if (_total >= limits.MaxOpenSessions || fromAddress >= limits.MaxOpenSessionsPerAddress)
            {
                if (!_refusing)
                {
                    // Once per episode, not per handshake: a flood must not become a log flood.
                    _refusing = true;
                    Log.Refusing(logger, _total, limits.MaxOpenSessions, limits.MaxOpenSessionsPerAddress);
                }

                return null;
            }

            _refusing = false;
            return Add(key);
        }
    }

    /// <summary>A lease for a session that moved here from another silo: it is never refused.</summary>
    public Lease Arrive(string? address)
    {
        var key = ClientAddresses.BudgetKey(address);
        lock (_gate)
        {
            return Add(key);
        }
    }

    private Lease Add(string key)
    {
        _total++;
        _perAddress[key] = _perAddress.GetValueOrDefault(key) + 1;
        return new Lease(this, key);
    }

    private void Release(string key)
    {
        lock (_gate)
        {
            _total--;
            if (_perAddress[key] == 1)
            {
                _perAddress.Remove(key);
            }
            else
            {
                _perAddress[key]--;
            }
        }
    }

    /// <summary>One session's place in the budgets; disposing it more than once releases it once.</summary>
    public sealed class Lease(OpenSessions owner, string key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(key);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(45, LogLevel.Warning, "Refusing handshakes: {Open} sessions open on this silo (budgets: {Total} in total, {PerAddress} per client address)")]
        public static partial void Refusing(ILogger logger, int open, int total, int perAddress);
    }
}
