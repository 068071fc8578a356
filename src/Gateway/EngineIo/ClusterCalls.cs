namespace OrleansEio.Gateway.EngineIo;

/// <summary>How the transports treat grain calls that a node failure interrupted.</summary>
internal static class ClusterCalls
{
    /// <summary>Consecutive interrupted calls tolerated before a transport gives up.</summary>
    public const int MaxReissues = 3;

    /// <summary>
    /// Sends again a call that was rejected on its way (a node on its path died): a rejection proves it was
    /// not delivered, so resending cannot duplicate it. A timeout, which might have been delivered, is not retried.
    /// </summary>
    public static async Task<T> ResendIfRejectedAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (OrleansMessageRejectionException) when (attempt < MaxReissues)
            {
            }
        }
    }
}
