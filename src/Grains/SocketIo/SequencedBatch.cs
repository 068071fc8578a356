using System.Diagnostics;

namespace OrleansEio.SocketIo;

/// <summary>
/// One publisher's broadcasts after the sequencer gave them their place: done once every silo it was sent to has
/// it (or is proven gone), failed when a live silo could not be given it.
/// </summary>
internal sealed class SequencedBatch(SequencedBroadcast[] broadcasts)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _outstanding;
    private Exception? _failure;

    public SequencedBroadcast[] Broadcasts { get; } = broadcasts;

    /// <summary>The trace of the call that sequenced it (none when untraced): its deliveries to the silos follow it.</summary>
    public ActivityContext Trace { get; } = Activity.Current?.Context ?? default;

    public Task Done => _done.Task;

    /// <summary>Sent to <paramref name="silos"/> silos; with none, it is done at once.</summary>
    public void SentTo(int silos)
    {
        _outstanding = silos;
        if (silos == 0)
        {
            Finish();
        }
    }

    /// <summary>One silo has it, or is gone (a dead silo's sockets are gone with it).</summary>
    public void Confirmed()
    {
        if (--_outstanding == 0)
        {
            Finish();
        }
    }

    /// <summary>A live silo could not be given it.</summary>
    public void Failed(Exception error)
    {
        _failure ??= error;
        Confirmed();
    }

    /// <summary>Never sent anywhere (its log write failed).</summary>
    public void Abandon(Exception error) => _done.TrySetException(error);

    private void Finish()
    {
        if (_failure is null)
        {
            _done.TrySetResult();
        }
        else
        {
            _done.TrySetException(_failure);
        }
    }
}
