namespace OrleansEio.Sessions.State;

/// <summary>
/// What the session has exchanged with its transports, so a gateway may resend a call whose answer was lost
/// (a node on the way died or shut down, the session moved) and nothing is handled twice or lost:
/// inbound, WebSocket batches are numbered per connection and POSTs carry an id (the last few are remembered);
/// outbound, the last answer to a poll (by poll id) and to a pull (by connection and number) is kept, and
/// given again to the same request, until the transport asks for the next one. The last poll answer also remembers
/// the GET's <c>t</c> and the gateway that took it: a balancer that resends that GET to another gateway, because
/// the first one died before writing the answer, repeats the <c>t</c>, and gets the same packets.
/// </summary>
[GenerateSerializer, Alias("OrleansEio.Deliveries")]
internal sealed class Deliveries
{
    private const int RememberedPosts = 16;

    [Id(0)] private Guid _connection;
    [Id(1)] private long _sequence;
    [Id(2)] private readonly Queue<Guid> _posts = new();
    [Id(3)] private Guid _answeredPoll;
    [Id(4)] private PollResult? _pollAnswer;
    [Id(5)] private Guid _answeredPullConnection;
    [Id(6)] private long _answeredPull;
    [Id(7)] private PullResult? _pullAnswer;
    [Id(8)] private string? _answeredPollToken;
    [Id(9)] private IGatewayNode? _answeredPollGateway;

    /// <summary>The answer already given to poll <paramref name="pollId"/>, if its response was lost on the way.</summary>
    public PollResult? AnswerOf(Guid pollId) => pollId == _answeredPoll ? _pollAnswer : null;

    /// <summary>
    /// The answer taken by the GET that this one may be a resend of: the same <c>t</c>, through another gateway, which
    /// <see cref="TookIt"/> names. Whether it is a resend depends on whether that gateway is gone (a client that sends
    /// the same <c>t</c> each time, through a balancer that alternates, also matches).
    /// </summary>
    public PollResult? ResentAnswer(string? requestToken, IGatewayNode? gateway)
        => requestToken is not null && requestToken == _answeredPollToken && gateway is not null && _answeredPollGateway is not null
           && !gateway.Equals(_answeredPollGateway) ? _pollAnswer : null;

    /// <summary>The gateway that took the last poll answer.</summary>
    public IGatewayNode? TookIt => _answeredPollGateway;

    /// <summary>Keeps what poll <paramref name="pollId"/> took, until another poll comes.</summary>
    public PollResult Answered(Guid pollId, PollResult answer, string? requestToken = null, IGatewayNode? gateway = null)
    {
        if (answer.Status == PollStatus.Packets)
        {
            _answeredPoll = pollId;
            _pollAnswer = answer;
            _answeredPollToken = requestToken;
            _answeredPollGateway = gateway;
        }

        return answer;
    }

    /// <summary>The answer already given to pull <paramref name="sequence"/> of <paramref name="connection"/> (0: not numbered).</summary>
    public PullResult? AnswerOf(Guid connection, long sequence)
        => sequence != 0 && connection == _answeredPullConnection && sequence == _answeredPull ? _pullAnswer : null;

    /// <summary>Keeps what pull <paramref name="sequence"/> took; asking for the next one proves it arrived.</summary>
    public PullResult Answered(Guid connection, long sequence, PullResult answer)
    {
        if (sequence != 0 && (answer.Packets.Length > 0 || answer.Close))
        {
            _answeredPullConnection = connection;
            _answeredPull = sequence;
            _pullAnswer = answer;
        }

        return answer;
    }

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
