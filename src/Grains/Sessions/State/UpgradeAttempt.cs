namespace OrleansEio.Sessions.State;

/// <summary>
/// A polling session's move to WebSocket (Engine.IO v4): a WebSocket handshake attaches a candidate connection, its
/// <c>2probe</c> is answered with <c>3probe</c>, and its <c>5</c> completes the upgrade; any other packet, the
/// candidate closing, or the deadline passing cancels it and the session stays on polling. One attempt at a time.
/// </summary>
internal sealed class UpgradeAttempt
{
    private enum Stage { None, Attached, Probed }

    private Stage _stage;
    private Guid _candidate;
    private bool _probeReplyPending;

    public bool InProgress => _stage != Stage.None;

    /// <summary>The candidate answered the probe: the polling transport must stop taking packets (it gets a noop).</summary>
    public bool IsProbed => _stage == Stage.Probed;

    public DateTimeOffset Deadline { get; private set; } = DateTimeOffset.MaxValue;

    public bool IsCandidate(Guid connection) => InProgress && connection == _candidate;

    /// <summary>False when an attempt is already in progress.</summary>
    public bool Start(Guid connection, DateTimeOffset deadline)
    {
        if (InProgress)
        {
            return false;
        }

        _stage = Stage.Attached;
        _candidate = connection;
        Deadline = deadline;
        return true;
    }

    /// <summary>The candidate's <c>2probe</c>: true when it was expected (the reply is then pending for the candidate's pull).</summary>
    public bool Probe()
    {
        if (_stage != Stage.Attached)
        {
            return false;
        }

        _stage = Stage.Probed;
        _probeReplyPending = true;
        return true;
    }

    /// <summary>True once: the <c>3probe</c> the candidate's pull carries.</summary>
    public bool TakeProbeReply()
    {
        if (!_probeReplyPending)
        {
            return false;
        }

        _probeReplyPending = false;
        return true;
    }

    /// <summary>The candidate's <c>5</c> after a probe: the attempt ends and the candidate becomes the session's transport.</summary>
    public bool TryComplete(out ActiveTransport transport)
    {
        if (_stage != Stage.Probed)
        {
            transport = default;
            return false;
        }

        transport = ActiveTransport.WebSocket(_candidate);
        Reset();
        return true;
    }

    /// <summary>Abandons the attempt; false when there was none.</summary>
    public bool Cancel()
    {
        if (!InProgress)
        {
            return false;
        }

        Reset();
        return true;
    }

    public override string ToString() => _stage.ToString();

    private void Reset()
    {
        _stage = Stage.None;
        _candidate = Guid.Empty;
        _probeReplyPending = false;
        Deadline = DateTimeOffset.MaxValue;
    }
}
