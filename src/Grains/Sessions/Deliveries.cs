namespace OrleansEio.Sessions;

/// <summary>
/// What the session has already applied from its transports, so a gateway may resend a call whose answer was
/// lost (a node on the way died, the session moved) without the client's packets being handled twice.
/// WebSocket batches are numbered per connection; POSTs carry an id, and the last few are remembered.
/// </summary>
[GenerateSerializer, Alias("OrleansEio.Deliveries")]
internal sealed class Deliveries
{
    private const int RememberedPosts = 16;

    [Id(0)] private Guid _connection;
    [Id(1)] private long _sequence;
    [Id(2)] private readonly Queue<Guid> _posts = new();

    /// <summary>True the first time batch <paramref name="sequence"/> of <paramref name="connection"/> arrives (always for 0).</summary>
    public bool FirstBatch(Guid connection, long sequence)
    {
        if (sequence == 0)
        {
            return true;
        }

        if (connection == _connection && sequence <= _sequence)
        {
            return false;
        }

        _connection = connection;
        _sequence = sequence;
        return true;
    }

    /// <summary>True the first time POST <paramref name="postId"/> arrives.</summary>
    public bool FirstPost(Guid postId)
    {
        if (_posts.Contains(postId))
        {
            return false;
        }

        if (_posts.Count == RememberedPosts)
        {
            _posts.Dequeue();
        }

        _posts.Enqueue(postId);
        return true;
    }
}
