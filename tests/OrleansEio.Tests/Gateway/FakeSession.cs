using System.Collections.Concurrent;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions;

namespace OrleansEio.Tests.Gateway;

/// <summary>
/// A hand-written session for the transports' in-process tests: each transport call is recorded, in arrival order,
/// and answered by the handler the test set (by default the waiting calls never answer, the others succeed).
/// </summary>
internal sealed class FakeSession : IEngineIoSessionGrain
{
    public ConcurrentQueue<Guid> Polls { get; } = new();

    public ConcurrentQueue<Guid> AbortedPolls { get; } = new();

    public ConcurrentQueue<Guid> Posts { get; } = new();

    public ConcurrentQueue<long> Pulls { get; } = new();

    public ConcurrentQueue<(long Sequence, EnginePacket[] Packets)> Received { get; } = new();

    public ConcurrentQueue<(Guid Connection, string Reason)> Failures { get; } = new();

    public ConcurrentQueue<Guid> ClosedTransports { get; } = new();

    /// <summary>Answers a poll; the argument is the how-many-th call this is (from 1).</summary>
    public Func<int, Task<PollResult>> OnPoll { get; set; } = _ => Never<PollResult>();

    public Func<int, Task<EngineIoErrorCode?>> OnPost { get; set; } = _ => Task.FromResult<EngineIoErrorCode?>(null);

    /// <summary>Answers a pull: the call's number (from 1) and the pull's sequence number.</summary>
    public Func<int, long, Task<PullResult>> OnPull { get; set; } = (_, _) => Never<PullResult>();

    public Func<int, Task<bool>> OnReceive { get; set; } = _ => Task.FromResult(true);

    /// <summary>The packets the session applied, in order: a batch sent again with a sequence it already has counts once.</summary>
    public EnginePacket[] Applied()
    {
        var seen = new HashSet<long>();
        return [.. Received.Where(r => r.Sequence == 0 || seen.Add(r.Sequence)).SelectMany(r => r.Packets)];
    }

    public static Task<T> Never<T>() => new TaskCompletionSource<T>().Task;

    public Task<PollResult> Poll(Guid pollId, IGatewayNode? gateway, string? requestToken)
    {
        Polls.Enqueue(pollId);
        return OnPoll(Polls.Count);
    }

    public Task AbortPoll(Guid pollId)
    {
        AbortedPolls.Enqueue(pollId);
        return Task.CompletedTask;
    }

    public Task<EngineIoErrorCode?> Post(Guid postId, EnginePacket[] packets)
    {
        Posts.Enqueue(postId);
        return OnPost(Posts.Count);
    }

    public Task<PullResult> Pull(Guid connection, long sequence)
    {
        Pulls.Enqueue(sequence);
        return OnPull(Pulls.Count, sequence);
    }

    public Task<bool> Receive(Guid connection, long sequence, EnginePacket[] packets)
    {
        Received.Enqueue((sequence, packets));
        return OnReceive(Received.Count);
    }

    public Task<EngineIoErrorCode?> BeginUpgrade(Guid connection) => Task.FromResult<EngineIoErrorCode?>(null);

    public Task TransportClosed(Guid connection)
    {
        ClosedTransports.Enqueue(connection);
        return Task.CompletedTask;
    }

    public Task Fail(Guid connection, string reason)
    {
        Failures.Enqueue((connection, reason));
        return Task.CompletedTask;
    }

    public Task ReleasePoll(Guid pollId) => Task.CompletedTask;

    // Not used by the transports under test.
    public Task<OpenResult> Open(OpenRequest request) => throw new NotSupportedException();

    public Task<EngineIoErrorCode> Reject(string transport) => throw new NotSupportedException();

    public Task<bool> Send(EngineIoMessage[] messages) => throw new NotSupportedException();

    public Task Deliver(EngineIoMessage[] messages, bool isVolatile) => throw new NotSupportedException();

    public Task Close() => throw new NotSupportedException();

    public Task<object?> Control(object command) => throw new NotSupportedException();

    public Task Notify(object command) => throw new NotSupportedException();

    public Task<SessionSnapshot> Describe() => throw new NotSupportedException();

    public Task Tick() => throw new NotSupportedException();

    public Task<bool> MoveTo(SiloAddress target) => throw new NotSupportedException();
}
