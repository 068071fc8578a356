using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

internal sealed partial class EngineIoSessionGrain
{
    private DateTimeOffset _nextPing = DateTimeOffset.MaxValue;
    private DateTimeOffset _pingDeadline = DateTimeOffset.MaxValue;
    private DateTimeOffset _upgradeDeadline = DateTimeOffset.MaxValue;
    private DateTimeOffset _closingDeadline = DateTimeOffset.MaxValue;
    private ITimer? _timer;
    private IEngineIoSessionGrain? _self;

    public Task Tick()
    {
        Expire();
        DeactivateIfUnknown();
        return Task.CompletedTask;
    }

    private void StartHeartbeat()
    {
        _self = this.AsReference<IEngineIoSessionGrain>();
        _nextPing = Now + _options.PingInterval;
        Reschedule();
    }

    private void StopHeartbeat()
    {
        _timer?.Dispose();
        _timer = null;
        _nextPing = _pingDeadline = _upgradeDeadline = _closingDeadline = DateTimeOffset.MaxValue;
    }

    /// <summary>Only a pong answering an outstanding ping counts: unsolicited pongs must not keep a silent client alive forever.</summary>
    private void OnPong()
    {
        if (_pingDeadline == DateTimeOffset.MaxValue)
        {
            return;
        }

        _pingDeadline = DateTimeOffset.MaxValue;
        _nextPing = Now + _options.PingInterval;
        Reschedule();
    }

    /// <summary>
    /// Applies every deadline that has passed. Runs at the start of each call as well as on the timer, so
    /// a request that arrives after a deadline sees its effect even if the timer has not fired yet.
    /// </summary>
    private void Expire()
    {
        if (!IsOpenOrClosing)
        {
            return;
        }

        var now = Now;
        if (_phase == Phase.Open && now >= _nextPing)
        {
            // Deadlines follow the schedule, not the timer's latency: the pong window starts when the
            // ping was due, so a late tick cannot stretch a session past pingInterval + pingTimeout.
            _pingDeadline = _nextPing + _options.PingTimeout;
            _nextPing = DateTimeOffset.MaxValue;
            Enqueue(EnginePacket.Ping);
        }

        if (now >= _pingDeadline)
        {
            CloseNow("ping timeout", clientClosed: false);
            return;
        }

        if (now >= _closingDeadline)
        {
            CloseNow(_serverCloseReason, clientClosed: false);
            return;
        }

        if (now >= _upgradeDeadline)
        {
            CancelUpgrade("upgrade timeout");
        }

        Reschedule();
    }

    /// <summary>Arms the session clock for the earliest deadline; the tick re-enters the grain as a call.</summary>
    private void Reschedule()
    {
        if (!IsOpenOrClosing)
        {
            return;
        }

        var due = Min(Min(_nextPing, _pingDeadline), Min(_upgradeDeadline, _closingDeadline));
        if (due == DateTimeOffset.MaxValue)
        {
            return;
        }

        var delay = due - Now;
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        if (_timer is null)
        {
            _timer = _clock.TimeProvider.CreateTimer(static state => ((IEngineIoSessionGrain)state!).Tick().Ignore(), _self, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
