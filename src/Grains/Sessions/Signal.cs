namespace OrleansEio.Sessions;

/// <summary>
/// Wakes the calls waiting on a session (a pending poll, a WebSocket pull) when its state changes.
/// Used only inside the grain's single-threaded context; waiters re-check state after waking.
/// </summary>
internal sealed class Signal
{
    private TaskCompletionSource? _next;

    /// <summary>True when pulsed, false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout)
    {
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _next.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Pulse()
    {
        var next = _next;
        _next = null;
        next?.TrySetResult();
    }
}
