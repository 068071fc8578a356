using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions.State;

namespace OrleansEio.Sessions;

/// <summary>
/// Every deadline of the session on its own clock (<see cref="EngineIoClock"/>): the next ping and the pong it waits
/// for (<see cref="Heartbeat"/>), the upgrade's, and the closing one. The timer re-enters the grain as a
/// <see cref="Tick"/> call, and the guard at the door applies what is due.
/// </summary>
internal sealed partial class EngineIoSessionGrain
{
    private readonly Heartbeat _heartbeat;
    private ITimer? _timer;
    private IEngineIoSessionGrain? _self;

    /// <summary>The deadlines were applied by the guard on the way in; nothing else to do.</summary>
    public Task Tick() => Task.CompletedTask;

    private void StartHeartbeat()
    {
        _self = this.AsReference<IEngineIoSessionGrain>();
        _heartbeat.Start(Now);
        Reschedule();
    }

    private void StopHeartbeat()
    {
        _timer?.Dispose();
        _timer = null;
        _heartbeat.Stop();
    }

    private void OnPong()
    {
        if (_heartbeat.Pong(_state!.Outbox.Taken, Now))
        {
            Reschedule();
        }
    }

    /// <summary>Applies every deadline that has passed.</summary>
    private void Expire()
    {
        if (!_life.IsLive)
        {
            return;
        }

        var now = Now;
        if (_life.IsOpen && _heartbeat.PingDue(now))
        {
            Enqueue(EnginePacket.Ping);
            if (!_life.IsLive)
            {
                return;
            }

            _heartbeat.PingQueued(_state!.Outbox.Added);
        }

        if (_heartbeat.TimedOut(now))
        {
            CloseNow("ping timeout", clientClosed: false);
            return;
        }

        if (now >= _life.ClosingDeadline)
        {
            CloseNow(_life.ServerCloseReason, clientClosed: false);
            return;
        }

        if (now >= _upgrade.Deadline)
        {
            CancelUpgrade("upgrade timeout");
        }

        Reschedule();
    }

    /// <summary>Arms the session clock for the earliest deadline; the tick re-enters the grain as a call.</summary>
    private void Reschedule()
    {
        if (!_life.IsLive)
        {
            return;
        }

        var due = Min(_heartbeat.NextDue, Min(_upgrade.Deadline, _life.ClosingDeadline));
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
