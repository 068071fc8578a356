using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

/// <summary>WebSocket frames: batches read from a socket (<see cref="Receive"/>) and frames written to it (<see cref="Pull"/>).</summary>
internal sealed partial class EngineIoSessionGrain
{
    // Pulls of the session's own WebSocket waiting for frames: while one waits, a packet queued now leaves at once.
    private int _socketPullsWaiting;

    public async Task<bool> Receive(Guid connection, long sequence, EnginePacket[] packets)
    {
        if (!_life.IsLive)
        {
            return false;
        }

        if (!_state!.Deliveries.FirstBatch(connection, sequence))
        {
            // A retry of a batch whose answer was lost: it was applied once already.
            return !_life.IsClosed;
        }

        if (_upgrade.IsCandidate(connection))
        {
            return await ReceiveOnCandidateAsync(packets);
        }

        if (_state.Transport.IsSocket(connection))
        {
            await HandleAsync(packets);
            return !_life.IsClosed;
        }

        return false;
    }

    public async Task<PullResult> Pull(Guid connection, long sequence)
    {
        if (_state?.Deliveries.AnswerOf(connection, sequence) is { } again)
        {
            return again;
        }

        var result = await PullCoreAsync(connection, sequence);
        return _state is null ? result : _state.Deliveries.Answered(connection, sequence, result);
    }

    private async Task<PullResult> PullCoreAsync(Guid connection, long sequence)
    {
        if (_state is null)
        {
            return PullResult.Closed("session unknown");
        }

        if (_state.Transport.IsSocket(connection))
        {
            OnTransportReady();
        }

        while (true)
        {
            if (_state.Deliveries.AnswerOf(connection, sequence) is { } answered)
            {
                // The same pull, re-issued while this one waited, was answered meanwhile.
                return answered;
            }

            if (_state.Transport.IsSocket(connection))
            {
                if (!_state.Outbox.IsEmpty)
                {
                    var packets = TakeOutbox(polling: false);
                    // The close that ends a server close is the socket's close frame, not a packet.
                    return _life.IsClosed ? PullResult.Closed(_life.CloseReason!, packets[..^1]) : new PullResult(packets, false, null);
                }

                if (_life.IsClosed)
                {
                    return PullResult.Closed(_life.CloseReason!);
                }
            }
            else if (_upgrade.IsCandidate(connection) && _life.IsLive)
            {
                if (_upgrade.TakeProbeReply())
                {
                    return new PullResult([EnginePacket.PongProbe], false, null);
                }
            }
            else
            {
                return PullResult.Closed(_life.IsClosed ? _life.CloseReason! : "transport superseded");
            }

            if (!await WaitForPullAsync(connection))
            {
                return PullResult.Empty;
            }
        }
    }

    private async Task<bool> WaitForPullAsync(Guid connection)
    {
        var own = _state!.Transport.IsSocket(connection);
        _socketPullsWaiting += own ? 1 : 0;
        try
        {
            return await WaitForChangeAsync();
        }
        finally
        {
            _socketPullsWaiting -= own ? 1 : 0;
        }
    }

    public Task TransportClosed(Guid connection)
    {
        if (_upgrade.IsCandidate(connection))
        {
            CancelUpgrade("upgrade transport closed");
        }
        else if (_state?.Transport.IsSocket(connection) == true)
        {
            CloseNow("transport close", clientClosed: true);
        }

        return Task.CompletedTask;
    }
}
