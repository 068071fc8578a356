namespace OrleansEio.Gateway.EngineIo;

/// <summary>The calls a transport makes to its session and must see answered.</summary>
internal enum SessionCall
{
    /// <summary>A long-poll GET, known to the session by its poll id.</summary>
    Poll,

    /// <summary>A WebSocket's request for frames to write, numbered per socket.</summary>
    Pull,

    /// <summary>A long-polling POST, known to the session by its post id.</summary>
    Post,

    /// <summary>A batch of frames read from a WebSocket, numbered per socket.</summary>
    Receive,
}

/// <summary>
/// The one policy for sending <see cref="SessionCall"/>s again. Each call carries what the session recognises it by
/// (poll id, pull or batch number, post id), so sending one again is always safe: a resent poll or pull gets the
/// answer already given, a resent POST or batch is acknowledged without being applied twice. A call is sent again
/// when a silo leaves the cluster while it is out (<see cref="SiloLossWatch"/>: its answer may never come), and when
/// it fails with <see cref="TimeoutException"/> or <see cref="OrleansException"/> (lost with a node on its path, or
/// the session moved), at most <see cref="MaxReissues"/> times in a row; after that the failure is the caller's.
/// Cancelling the caller's token abandons the call.
/// </summary>
internal sealed partial class SessionCallPolicy(SiloLossWatch losses, GatewayMetrics metrics, ILogger<SessionCallPolicy> logger)
{
    /// <summary>Failed attempts of one call sent again before the failure is the caller's (silo losses are not counted).</summary>
    public const int MaxReissues = 3;

    public async Task<T> SendAsync<T>(SessionCall kind, string sid, Func<Task<T>> call, CancellationToken cancellationToken = default)
    {
        for (var failures = 0; ; )
        {
            var lost = losses.Token;
            var pending = call();
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lost);
                return await pending.WaitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                pending.Ignore();
                throw;
            }
            catch (OperationCanceledException) when (lost.IsCancellationRequested)
            {
                // The session may have lived on that silo, or the call gone through it. Asked again, a live session
                // answers wherever it is now; a dead one answers from a fresh activation that it is unknown.
                pending.Ignore();
                metrics.Reissued(kind, lost: true);
                Log.ReissuedAfterSiloLoss(logger, kind, sid);
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException && ++failures <= MaxReissues)
            {
                metrics.Reissued(kind, lost: true);
                Log.Reissued(logger, kind, sid, exception.GetType().Name);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(501, LogLevel.Debug, "A {Call} for session {Sid} was lost in the cluster ({Error}); sent again")]
        public static partial void Reissued(ILogger logger, SessionCall call, string sid, string error);

        [LoggerMessage(502, LogLevel.Debug, "A silo left the cluster while a {Call} for session {Sid} was out; sent again")]
        public static partial void ReissuedAfterSiloLoss(ILogger logger, SessionCall call, string sid);
    }
}
