namespace OrleansEio.Gateway.EngineIo;

/// <summary>How the transports treat grain calls that a node failure interrupted.</summary>
internal static class ClusterCalls
{
    /// <summary>Consecutive interrupted calls tolerated before a transport gives up.</summary>
    public const int MaxReissues = 3;

    /// <summary>
    /// Sends again a call that was interrupted on its way or whose answer was lost (a node on its path died or
    /// shut down, the session moved), and one still waiting when a silo left the cluster (<paramref name="losses"/>):
    /// its answer may never come, and the client would wait for the response timeout. Only for calls the session
    /// applies once however often they arrive: POSTs carry an id and WebSocket batches a sequence number, so a resent
    /// call is acknowledged, not repeated.
    /// </summary>
    public static async Task<T> RetryIdempotentAsync<T>(SiloLossWatch losses, Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            var lost = losses.Token;
            var pending = call();
            try
            {
                return await pending.WaitAsync(lost);
            }
            catch (OperationCanceledException) when (lost.IsCancellationRequested)
            {
                // A silo left while this call was out: sent again, not counted as a failure of the call.
                pending.Ignore();
                attempt--;
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException && attempt < MaxReissues)
            {
            }
        }
    }
}
