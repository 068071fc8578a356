using OrleansEio.Sessions;

namespace OrleansEio.Hosting;

/// <summary>Readiness: a grain call round trip through the cluster answers within a bound.</summary>
public static class HealthChecks
{
    private const string ProbeKey = "readiness-probe";

    public static async Task<bool> IsReadyAsync(IGrainFactory grains, TimeSpan timeout)
    {
        try
        {
            await grains.GetGrain<IEngineIoSessionGrain>(ProbeKey).Describe().WaitAsync(timeout);
            return true;
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or SiloUnavailableException or InvalidOperationException)
        {
            return false;
        }
    }
}
