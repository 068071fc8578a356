namespace OrleansEio.Sessions.State;

/// <summary>
/// Where a session is in its life: new (nobody opened this sid), open, closing (a server close waits for the
/// client to collect its last packets, bounded by a deadline), closed (with the reason every late request learns).
/// </summary>
internal sealed class Lifecycle
{
    private enum Phase { New, Open, Closing, Closed }

    private Phase _phase;

    public bool IsNew => _phase == Phase.New;

    public bool IsOpen => _phase == Phase.Open;

    public bool IsClosing => _phase == Phase.Closing;

    public bool IsClosed => _phase == Phase.Closed;

    /// <summary>Open or closing: the session still answers its transports.</summary>
    public bool IsLive => _phase is Phase.Open or Phase.Closing;

    /// <summary>Why the session closed (set once closed).</summary>
    public string? CloseReason { get; private set; }

    /// <summary>The reason a server close will end with, once the client collected the close packet or the deadline passed.</summary>
    public string ServerCloseReason { get; private set; } = "forced close";

    /// <summary>When a closing session is closed even if the client never collected its close packet.</summary>
    public DateTimeOffset ClosingDeadline { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>New → open: on the handshake, or on arrival from another silo.</summary>
    public bool Open()
    {
        if (_phase != Phase.New)
        {
            return false;
        }

        _phase = Phase.Open;
        return true;
    }

    /// <summary>Open → closing; false in any other phase.</summary>
    public bool BeginClosing(string reason, DateTimeOffset deadline)
    {
        if (_phase != Phase.Open)
        {
            return false;
        }

        _phase = Phase.Closing;
        ServerCloseReason = reason;
        ClosingDeadline = deadline;
        return true;
    }

    /// <summary>Open or closing → closed; false when already closed or never opened (nothing to clean up).</summary>
    public bool Close(string reason)
    {
        if (!IsLive)
        {
            return false;
        }

        _phase = Phase.Closed;
        CloseReason = reason;
        ClosingDeadline = DateTimeOffset.MaxValue;
        return true;
    }

    public override string ToString() => _phase.ToString();
}
