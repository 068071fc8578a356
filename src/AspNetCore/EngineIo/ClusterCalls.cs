namespace OrleansEio.Gateway.EngineIo;

/// <summary>How the transports treat grain calls that a node failure interrupted.</summary>
internal static class ClusterCalls
{
    /// <summary>Consecutive interrupted calls tolerated before a transport gives up.</summary>
    public const int MaxReissues = 3;

    /// <summary>
    /// Sends again a call that was interrupted on its way or whose answer was lost (a node on its path died or
    /// shut down, the session moved). Only for calls the session applies once however often they arrive:
    /// POSTs carry an id and WebSocket batches a sequence number, so a resent call is acknowledged, not repeated.
    /// </summary>
    public static async Task<T> RetryIdempotentAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException && attempt < MaxReissues)
            {
            }
        }
    }
}
