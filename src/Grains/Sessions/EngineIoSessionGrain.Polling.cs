using OrleansEio.Diagnostics;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

internal sealed partial class EngineIoSessionGrain
{
    private static readonly TimeSpan GatewayPingTimeout = TimeSpan.FromSeconds(1);

    private Guid _pendingPoll;
    private IGatewayNode? _pendingPollGateway;
    private Guid _releasedPoll;

    // A pending GET whose gateway is being pinged takes nothing: if that gateway is dead, what it took would be lost.
    private Guid _suspectPoll;
    private (Guid Poll, EnginePacket Packet)? _finalPoll;

    public async Task<PollResult> Poll(Guid pollId, IGatewayNode? gateway)
    {
        if (_deliveries.AnswerOf(pollId) is { } again)
        {
            // This GET was answered, but the answer was lost on its way: the same packets again.
            return again;
        }

        return _deliveries.Answered(pollId, await PollCoreAsync(pollId, gateway));
    }

    private async Task<PollResult> PollCoreAsync(Guid pollId, IGatewayNode? gateway)
    {
        Expire();
        OnTransportReady();
        if (TryTakeFinalPoll(pollId, out var final))
        {
            return final;
        }

        if (!IsOpenOrClosing)
        {
            DeactivateIfUnknown();
            return PollResult.Fail(EngineIoErrorCode.UnknownSid);
        }

        if (_onWebSocket)
        {
            return PollResult.Fail(EngineIoErrorCode.BadRequest);
        }

        if (_pendingPoll != Guid.Empty && _pendingPoll != pollId)
        {
            var suspect = _pendingPoll;
            _suspectPoll = suspect;
            var gone = await IsHolderGoneAsync(gateway);
            if (_suspectPoll == suspect)
            {
                _suspectPoll = Guid.Empty;
            }

            if (gone)
            {
                // The gateway that held the pending GET died with it: this GET, through another node, takes over.
                Log.PollTakenOver(_logger, _path);
            }
            else if (_pendingPoll != Guid.Empty && _pendingPoll != pollId && IsOpenOrClosing)
            {
                Log.ClientError(_logger, _path, "overlapping poll");
                CloseNow("transport error", clientClosed: false);
                return PollResult.Fail(EngineIoErrorCode.BadRequest);
            }
        }

        if (!IsOpenOrClosing)
        {
            return PollResult.Fail(EngineIoErrorCode.UnknownSid);
        }

        _pendingPoll = pollId;
        _pendingPollGateway = gateway;
        while (true)
        {
            if (TryTakeFinalPoll(pollId, out final))
            {
                return final;
            }

            if (_deliveries.AnswerOf(pollId) is { } answered)
            {
                // The same GET, re-issued while this one waited, was answered meanwhile.
                return answered;
            }

            if (_releasedPoll == pollId)
            {
                _releasedPoll = Guid.Empty;
                if (_pendingPoll == pollId)
                {
                    _pendingPoll = Guid.Empty;
                }

                return _deliveries.Answered(pollId, PollResult.Of(_outbox.IsEmpty ? [EnginePacket.Noop] : TakeOutbox(polling: true)));
            }

            if (_pendingPoll != pollId || !IsOpenOrClosing)
            {
                return PollResult.Fail(EngineIoErrorCode.UnknownSid);
            }

            if (_onWebSocket || _upgrade == UpgradePhase.Probed)
            {
                // The client is moving to WebSocket: end its GET cleanly, keep the queue for the socket.
                _pendingPoll = Guid.Empty;
                return PollResult.Of([EnginePacket.Noop]);
            }

            if (!_outbox.IsEmpty && _suspectPoll != pollId)
            {
                _pendingPoll = Guid.Empty;
                return _deliveries.Answered(pollId, PollResult.Of(TakeOutbox(polling: true)));
            }

            if (!await WaitForChangeAsync())
            {
                return PollResult.Retry;
            }
        }
    }

    public Task AbortPoll(Guid pollId)
    {
        if (_pendingPoll == pollId && IsOpenOrClosing)
        {
            _pendingPoll = Guid.Empty;
            CloseNow("transport error", clientClosed: false);
        }

        return Task.CompletedTask;
    }

    public Task ReleasePoll(Guid pollId)
    {
        if (_pendingPoll == pollId)
        {
            _pendingPoll = Guid.Empty;
        }

        // Also when the GET has not reached the session yet (its gateway began stopping as it arrived):
        // it is answered at once when it does, instead of becoming pending on a gateway that is going away.
        _releasedPoll = pollId;
        _signal.Pulse();
        return Task.CompletedTask;
    }

    public async Task<EngineIoErrorCode?> Post(Guid postId, EnginePacket[] packets)
    {
        Expire();
        if (!IsOpenOrClosing)
        {
            DeactivateIfUnknown();
            return EngineIoErrorCode.UnknownSid;
        }

        if (_onWebSocket)
        {
            return EngineIoErrorCode.BadRequest;
        }

        if (!_deliveries.FirstPost(postId))
        {
            // A retry of a POST whose answer was lost: it was applied once already.
            return null;
        }

        await HandleAsync(packets);
        return null;
    }

    public Task<EngineIoErrorCode> Reject(string transport)
    {
        if (!IsOpenOrClosing)
        {
            DeactivateIfUnknown();
            return Task.FromResult(EngineIoErrorCode.UnknownSid);
        }

        return Task.FromResult(EngineIoErrorCode.BadRequest);
    }

    public Task Fail(Guid connection, string reason)
    {
        if (connection != Guid.Empty && connection == _candidate)
        {
            CancelUpgrade(reason);
        }
        else if (IsOpenOrClosing && connection == (_onWebSocket ? _webSocket : Guid.Empty))
        {
            Log.ClientError(_logger, _path, LogText.Escape(reason));
            CloseNow(reason, clientClosed: false);
        }

        DeactivateIfUnknown();
        return Task.CompletedTask;
    }

    /// <summary>
    /// True when the pending GET's gateway is another node that no longer answers. A GET from the same node,
    /// or from a node that answers, is a real overlap.
    /// </summary>
    private async Task<bool> IsHolderGoneAsync(IGatewayNode? requester)
    {
        var holder = _pendingPollGateway;
        if (holder is null || requester is null || holder.Equals(requester))
        {
            return false;
        }

        try
        {
            await holder.Ping().WaitAsync(GatewayPingTimeout);
            return false;
        }
        catch (Exception)
        {
            return true;
        }
    }

    private bool TryTakeFinalPoll(Guid pollId, out PollResult result)
    {
        if (_finalPoll is { } final && final.Poll == pollId)
        {
            _finalPoll = null;
            result = PollResult.Of([final.Packet]);
            return true;
        }

        result = PollResult.Retry;
        return false;
    }
}
