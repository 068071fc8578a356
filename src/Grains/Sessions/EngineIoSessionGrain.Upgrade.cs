using System.Diagnostics;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions.State;

namespace OrleansEio.Sessions;

/// <summary>The upgrade from polling to WebSocket, judged here from the real handshake and the candidate's packets.</summary>
internal sealed partial class EngineIoSessionGrain
{
    private readonly UpgradeAttempt _upgrade = new();

    // The upgrade's span, from the WebSocket handshake to the outcome (it spans several calls).
    private Activity? _upgradeSpan;

    public Task<EngineIoErrorCode?> BeginUpgrade(Guid connection)
    {
        if (!_life.IsLive)
        {
            return Task.FromResult<EngineIoErrorCode?>(EngineIoErrorCode.UnknownSid);
        }

        if (!_life.IsOpen || _state!.Transport.IsWebSocket || !_options.AllowUpgrades || !_options.IsTransportAllowed("websocket")
            || !_upgrade.Start(connection, Now + _options.UpgradeTimeout))
        {
            // Already upgraded, already upgrading, closing, or upgrades are off: this socket is refused.
            _metrics.UpgradeFailed(timedOut: false);
            return Task.FromResult<EngineIoErrorCode?>(EngineIoErrorCode.BadRequest);
        }

        Reschedule();
        _upgradeSpan = OrleansEioTelemetry.EngineIoSource.StartDetached("engineio.upgrade");
        Log.UpgradeStarted(_logger, Sid);
        return Task.FromResult<EngineIoErrorCode?>(null);
    }

    /// <summary>The candidate's packets: <c>2probe</c>, then <c>5</c>; anything else cancels the upgrade. False: close that socket.</summary>
    private async Task<bool> ReceiveOnCandidateAsync(EnginePacket[] packets)
    {
        for (var i = 0; i < packets.Length; i++)
        {
            var packet = packets[i];
            if (packet.Type == EnginePacketType.Ping && packet.Text == "probe" && _upgrade.Probe())
            {
                Log.UpgradeProbed(_logger, Sid);
                _signal.Pulse();
            }
            else if (packet.Type == EnginePacketType.Upgrade && _upgrade.TryComplete(out var transport))
            {
                CompleteUpgrade(transport);
                await HandleAsync(packets, i + 1);
                return !_life.IsClosed;
            }
            else
            {
                CancelUpgrade("unexpected packet during upgrade");
                return false;
            }
        }

        return true;
    }

    private void CompleteUpgrade(ActiveTransport transport)
    {
        _state!.SwitchTo(transport);
        Reschedule();
        _metrics.Upgraded(RuntimeIdentity);
        EndUpgradeSpan("succeeded", null);
        Log.Upgraded(_logger, Sid);

        // The client sends "5" only after its last poll completed, so what polling took has been written.
        OnTransportReady();
        _signal.Pulse();
    }

    /// <summary>The session stays on polling; the candidate's pull sees it is no longer wanted and closes it.</summary>
    private void CancelUpgrade(string reason)
    {
        if (!EndUpgrade(reason))
        {
            return;
        }

        Reschedule();
        Log.UpgradeAbandoned(_logger, Sid, reason);
        _signal.Pulse();
    }

    /// <summary>Abandons the upgrade in progress, if any, and counts why; false when there was none.</summary>
    private bool EndUpgrade(string reason)
    {
        if (!_upgrade.Cancel())
        {
            return false;
        }

        var timedOut = reason == "upgrade timeout";
        _metrics.UpgradeFailed(timedOut);
        EndUpgradeSpan(timedOut ? "timed_out" : "failed", reason);
        return true;
    }

    private void EndUpgradeSpan(string outcome, string? reason)
    {
        if (_upgradeSpan is not { } span)
        {
            return;
        }

        _upgradeSpan = null;
        span.SetTag("engineio.upgrade.outcome", outcome);
        if (reason is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, reason);
        }

        span.StopDetached();
    }
}
