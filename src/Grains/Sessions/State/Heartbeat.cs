namespace OrleansEio.Sessions.State;

/// <summary>
/// The server's ping schedule and the pong deadline (Engine.IO v4: the server pings every interval and closes the
/// session when no pong answers within the timeout). Deadlines follow the schedule, not the timer's latency: the
/// pong window starts when the ping was due, so a late tick cannot stretch a session past interval + timeout.
/// </summary>
internal sealed class Heartbeat(TimeSpan interval, TimeSpan timeout)
{
    private DateTimeOffset _nextPing = DateTimeOffset.MaxValue;
    private DateTimeOffset _pongDeadline = DateTimeOffset.MaxValue;

    // Where the outstanding ping sits in the outbox (its ordinal among every packet ever queued): a pong counts only
    // once a transport has handed that ping to the client, so a client that never reads cannot keep itself alive.
    private long _pingPosition;

    /// <summary>The next moment something is due (a ping or the pong deadline).</summary>
    public DateTimeOffset NextDue => _nextPing < _pongDeadline ? _nextPing : _pongDeadline;

    public bool AwaitsPong => _pongDeadline != DateTimeOffset.MaxValue;

    public void Start(DateTimeOffset now)
    {
        _nextPing = now + interval;
        _pongDeadline = DateTimeOffset.MaxValue;
    }

    public void Stop() => _nextPing = _pongDeadline = DateTimeOffset.MaxValue;

    public bool PingDue(DateTimeOffset now) => now >= _nextPing;

    /// <summary>The due ping was queued as the <paramref name="position"/>-th packet of the outbox: the pong window opens.</summary>
    public void PingQueued(long position)
    {
        _pongDeadline = _nextPing + timeout;
        _nextPing = DateTimeOffset.MaxValue;
        _pingPosition = position;
    }

    public bool TimedOut(DateTimeOffset now) => now >= _pongDeadline;

    /// <summary>
    /// A pong from the client, when the transports have taken <paramref name="taken"/> packets from the outbox. It counts
    /// only if it can answer the outstanding ping (the client was handed it); then the next ping is due an interval later.
    /// </summary>
    public bool Pong(long taken, DateTimeOffset now)
    {
        if (!AwaitsPong || taken < _pingPosition)
        {
            return false;
        }

        _pongDeadline = DateTimeOffset.MaxValue;
        _nextPing = now + interval;
        return true;
    }
}
