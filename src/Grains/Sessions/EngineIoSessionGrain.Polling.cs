using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

/// <summary>Long-polling: the pending GET (one slot, <see cref="State.PendingPoll"/>) and the data POST.</summary>
internal sealed partial class EngineIoSessionGrain
{
    /// <summary>
    /// How long a gateway (the one holding a pending GET, or the one that took the last answer) has to answer its ping
    /// before it counts as gone. Measured on the session clock, so tests decide the outcome by advancing it instead of
    /// racing a real second.
    /// </summary>
    internal static readonly TimeSpan GatewayPingTimeout = TimeSpan.FromSeconds(1);

    // Gateways being pinged right now (for Describe: a test advances the clock once the ping is out).
    private int _gatewayPings;

    public async Task<PollResult> Poll(Guid pollId, IGatewayNode? gateway, string? requestToken)
    {
        if (_state?.Deliveries.AnswerOf(pollId) is { } again)
        {
            // This GET was answered, but the answer was lost on its way: the same packets again.
            return again;
        }

        if (_state?.Deliveries.ResentAnswer(requestToken, gateway) is { } resent
            && await IsHolderGoneAsync(_state.Deliveries.TookIt, gateway))
        {
            // The balancer resent the GET whose answer died with the gateway that took it: the client never saw
            // those packets, and gets them now (the next GET, with another t, confirms them).
            Log.PollResent(_logger, Path);
            return _state.Deliveries.Answered(pollId, resent, requestToken, gateway);
        }

        var result = await PollCoreAsync(pollId, gateway);
        return _state is null ? result : _state.Deliveries.Answered(pollId, result, requestToken, gateway);
    }

    private async Task<PollResult> PollCoreAsync(Guid pollId, IGatewayNode? gateway)
    {
        if (_state is null)
        {
            return PollResult.Fail(EngineIoErrorCode.UnknownSid);
        }

        var poll = _state.Poll;
        OnTransportReady();
        if (poll.TryTakeFinal(pollId, out var final))
        {
            return PollResult.Of([final]);
        }

        if (!_life.IsLive)
        {
            return PollResult.Fail(EngineIoErrorCode.UnknownSid);
        }

        if (_state.Transport.IsWebSocket)
        {
            return PollResult.Fail(EngineIoErrorCode.BadRequest);
        }

        if (poll.IsHeldByAnother(pollId))
        {
            var suspect = poll.Suspect();
            var gone = await IsHolderGoneAsync(poll.Holder, gateway);
            poll.Clear(suspect);
            if (gone)
            {
                // The gateway that held the pending GET died with it: this GET, through another node, takes over.
                Log.PollTakenOver(_logger, Path);
            }
            else if (poll.IsHeldByAnother(pollId) && _life.IsLive)
            {
                Log.ClientError(_logger, Path, "overlapping poll");
                CloseNow("transport error", clientClosed: false);
                return PollResult.Fail(EngineIoErrorCode.BadRequest);
            }
        }

        if (!_life.IsLive)
        {
            return PollResult.Fail(EngineIoErrorCode.UnknownSid);
        }

        poll.Hold(pollId, gateway);
        while (true)
        {
            if (poll.TryTakeFinal(pollId, out var last))
            {
                return PollResult.Of([last]);
            }

            if (_state.Deliveries.AnswerOf(pollId) is { } answered)
            {
                // The same GET, re-issued while this one waited, was answered meanwhile.
                return answered;
            }

            if (poll.TakeRelease(pollId))
            {
                // Its gateway is stopping: the GET ends now with what there is, so the next goes through another node.
                return PollResult.Of(_state.Outbox.IsEmpty ? [EnginePacket.Noop] : TakeOutbox(polling: true));
            }

            if (!poll.IsHeldBy(pollId) || !_life.IsLive)
            {
                return PollResult.Fail(EngineIoErrorCode.UnknownSid);
            }

            if (_state.Transport.IsWebSocket || _upgrade.IsProbed)
            {
                // The client is moving to WebSocket: end its GET cleanly, keep the queue for the socket.
                poll.End(pollId);
                return PollResult.Of([EnginePacket.Noop]);
            }

            if (!_state.Outbox.IsEmpty && !poll.IsSuspect(pollId))
            {
                poll.End(pollId);
                return PollResult.Of(TakeOutbox(polling: true));
            }

            if (!await WaitForChangeAsync())
            {
                return PollResult.Retry;
            }
        }
    }

    public Task AbortPoll(Guid pollId)
    {
        if (_life.IsLive && _state!.Poll.IsHeldBy(pollId))
        {
            // The client gave up on its GET: like the reference server, the session ends.
            _state.Poll.End(pollId);
            CloseNow("transport error", clientClosed: false);
        }

        return Task.CompletedTask;
    }

    public Task ReleasePoll(Guid pollId)
    {
        // Also when the GET has not reached the session yet (its gateway began stopping as it arrived):
        // it is answered at once when it does, instead of becoming pending on a gateway that is going away.
        _state?.Poll.Release(pollId);
        _signal.Pulse();
        return Task.CompletedTask;
    }

    public async Task<EngineIoErrorCode?> Post(Guid postId, EnginePacket[] packets)
    {
        if (!_life.IsLive)
        {
            return EngineIoErrorCode.UnknownSid;
        }

        if (_state!.Transport.IsWebSocket)
        {
            return EngineIoErrorCode.BadRequest;
        }

        if (!_state.Deliveries.FirstPost(postId))
        {
            // A retry of a POST whose answer was lost: it was applied once already.
            return null;
        }

        await HandleAsync(packets);
        return null;
    }

    public Task<EngineIoErrorCode> Reject(string transport)
        => Task.FromResult(_life.IsLive ? EngineIoErrorCode.BadRequest : EngineIoErrorCode.UnknownSid);

    /// <summary>
    /// True when the pending GET's gateway is another node that no longer answers. A GET from the same node,
    /// or from a node that answers, is a real overlap.
    /// </summary>
    private async Task<bool> IsHolderGoneAsync(IGatewayNode? holder, IGatewayNode? requester)
    {
        if (holder is null || requester is null || holder.Equals(requester))
        {
            return false;
        }

        _gatewayPings++;
        try
        {
            await holder.Ping().WaitAsync(GatewayPingTimeout, _clock.TimeProvider);
            return false;
        }
        catch (Exception)
        {
            return true;
        }
        finally
        {
            _gatewayPings--;
        }
    }
}
