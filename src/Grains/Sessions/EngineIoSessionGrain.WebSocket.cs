using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

internal sealed partial class EngineIoSessionGrain
{
    private enum UpgradePhase { None, Attached, Probed }

    private bool _onWebSocket;
    private Guid _webSocket;
    private Guid _candidate;
    private UpgradePhase _upgrade;
    private bool _probeReplyPending;

    public Task<EngineIoErrorCode?> BeginUpgrade(Guid connection)
    {
        Expire();
        if (!IsOpenOrClosing)
        {
            DeactivateIfUnknown();
            return Task.FromResult<EngineIoErrorCode?>(EngineIoErrorCode.UnknownSid);
        }

        if (_phase != Phase.Open || _onWebSocket || _upgrade != UpgradePhase.None
            || !_options.AllowUpgrades || !_options.IsTransportAllowed("websocket"))
        {
            // Already upgraded, already upgrading, closing, or upgrades are off: this socket is refused.
            return Task.FromResult<EngineIoErrorCode?>(EngineIoErrorCode.BadRequest);
        }

        _candidate = connection;
        _upgrade = UpgradePhase.Attached;
        _upgradeDeadline = Now + _options.UpgradeTimeout;
        Reschedule();
        Log.UpgradeStarted(_logger, Sid);
        return Task.FromResult<EngineIoErrorCode?>(null);
    }

    public async Task<bool> Receive(Guid connection, long sequence, EnginePacket[] packets)
    {
        Expire();
        if (!IsOpenOrClosing)
        {
            DeactivateIfUnknown();
            return false;
        }

        if (!_deliveries.FirstBatch(connection, sequence))
        {
            // A retry of a batch whose answer was lost: it was applied once already.
            return _phase != Phase.Closed;
        }

        if (connection == _candidate && _upgrade != UpgradePhase.None)
        {
            for (var i = 0; i < packets.Length; i++)
            {
                var packet = packets[i];
                if (_upgrade == UpgradePhase.Attached && packet.Type == EnginePacketType.Ping && packet.Text == "probe")
                {
                    _upgrade = UpgradePhase.Probed;
                    _probeReplyPending = true;
                    Log.UpgradeProbed(_logger, Sid);
                    _signal.Pulse();
                }
                else if (_upgrade == UpgradePhase.Probed && packet.Type == EnginePacketType.Upgrade)
                {
                    CompleteUpgrade();
                    await HandleAsync(packets, i + 1);
                    return _phase != Phase.Closed;
                }
                else
                {
                    CancelUpgrade("unexpected packet during upgrade");
                    return false;
                }
            }

            return true;
        }

        if (_onWebSocket && connection == _webSocket)
        {
            await HandleAsync(packets);
            return _phase != Phase.Closed;
        }

        return false;
    }

    public async Task<PullResult> Pull(Guid connection, long sequence)
    {
        if (_deliveries.AnswerOf(connection, sequence) is { } again)
        {
            return again;
        }

        return _deliveries.Answered(connection, sequence, await PullCoreAsync(connection, sequence));
    }

    private async Task<PullResult> PullCoreAsync(Guid connection, long sequence)
    {
        Expire();
        if (connection == _webSocket)
        {
            OnTransportReady();
        }

        while (true)
        {
            if (_deliveries.AnswerOf(connection, sequence) is { } answered)
            {
                // The same pull, re-issued while this one waited, was answered meanwhile.
                return answered;
            }

            if (_onWebSocket && connection == _webSocket && _phase != Phase.New)
            {
                if (!_outbox.IsEmpty)
                {
                    var packets = TakeOutbox(polling: false);
                    // The close that ends a server close is the socket's close frame, not a packet.
                    return _deliveries.Answered(connection, sequence, _phase == Phase.Closed ? PullResult.Closed(_closeReason!, packets[..^1]) : new PullResult(packets, false, null));
                }

                if (_phase == Phase.Closed)
                {
                    return PullResult.Closed(_closeReason!);
                }
            }
            else if (connection == _candidate && _upgrade != UpgradePhase.None && IsOpenOrClosing)
            {
                if (_probeReplyPending)
                {
                    _probeReplyPending = false;
                    return new PullResult([EnginePacket.PongProbe], false, null);
                }
            }
            else
            {
                DeactivateIfUnknown();
                return PullResult.Closed(_phase switch
                {
                    Phase.New => "session unknown",
                    Phase.Closed => _closeReason!,
                    _ => "transport superseded",
                });
            }

            if (!await WaitForChangeAsync())
            {
                return PullResult.Empty;
            }
        }
    }

    public Task TransportClosed(Guid connection)
    {
        if (connection == _candidate && _upgrade != UpgradePhase.None)
        {
            CancelUpgrade("upgrade transport closed");
        }
        else if (_onWebSocket && connection == _webSocket)
        {
            CloseNow("transport close", clientClosed: true);
        }

        DeactivateIfUnknown();
        return Task.CompletedTask;
    }

    private void CompleteUpgrade()
    {
        _onWebSocket = true;
        _webSocket = _candidate;
        _candidate = Guid.Empty;
        _upgrade = UpgradePhase.None;
        _upgradeDeadline = DateTimeOffset.MaxValue;
        _probeReplyPending = false;
        Reschedule();
        Log.Upgraded(_logger, Sid);

        // The client sends "5" only after its last poll completed, so what polling took has been written.
        OnTransportReady();
        _signal.Pulse();
    }

    /// <summary>The session stays on polling; the candidate's pull sees it is no longer wanted and closes it.</summary>
    private void CancelUpgrade(string reason)
    {
        if (_upgrade == UpgradePhase.None)
        {
            return;
        }

        _candidate = Guid.Empty;
        _upgrade = UpgradePhase.None;
        _upgradeDeadline = DateTimeOffset.MaxValue;
        _probeReplyPending = false;
        Reschedule();
        Log.UpgradeAbandoned(_logger, Sid, reason);
        _signal.Pulse();
    }
}
