using Microsoft.Extensions.Options;
using Orleans.Messaging;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// Tells the transports of this gateway, within <see cref="EngineIoGatewayOptions.SiloLossCheckInterval"/> of the
/// cluster declaring it, that a silo left: it reads the cluster's membership (the silos' own table, through the
/// Orleans client's <see cref="IGatewayListProvider"/>) and cancels <see cref="Token"/> when an active silo is no
/// longer listed. A call in flight when that happens may be lost for good: its session lived on that silo, or its
/// path went through it (the client sends a grain's calls through one silo's gateway). Every transport waiting on a
/// call then sends it again (each one is idempotent): a live session answers it, wherever it lives now; a session
/// that died answers from a fresh activation that it is unknown, and the transport fails visibly. Nothing waits for
/// the response timeout or the client's heartbeat. A co-hosted silo dies with its gateway: nothing to watch there.
/// </summary>
internal sealed partial class SiloLossWatch(
    IServiceProvider services,
    IOptions<EngineIoGatewayOptions> options,
    ILogger<SiloLossWatch> logger) : BackgroundService
{
    private CancellationTokenSource _epoch = new();

    /// <summary>Cancelled when a silo leaves the cluster; a fresh token is in place by then for the calls re-issued.</summary>
    public CancellationToken Token => Volatile.Read(ref _epoch).Token;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<Orleans.Runtime.ILocalSiloDetails>() is not null || services.GetService<IGatewayListProvider>() is not { } membership)
        {
            return;
        }

        var known = new HashSet<Uri>();
        var failing = false;
        using var timer = new PeriodicTimer(options.Value.SiloLossCheckInterval);
        do
        {
            IList<Uri> active;
            try
            {
                active = await membership.GetGateways().WaitAsync(stoppingToken);
                failing = false;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The membership store is unreachable: nothing is learned, nothing is assumed; said once per outage.
                if (!failing)
                {
                    Log.MembershipUnreadable(logger, exception);
                }

                failing = true;
                continue;
            }

            var gone = known.Count(silo => !active.Contains(silo));
            known.Clear();
            known.UnionWith(active);
            if (gone > 0)
            {
                Lost(gone);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal void Lost(int silos)
    {
        Log.SilosLeft(logger, silos);
        // Not disposed: a transport may be linking to its token right now (a source without a timer holds nothing).
        Interlocked.Exchange(ref _epoch, new CancellationTokenSource()).Cancel();
    }

    private static partial class Log
    {
        [LoggerMessage(401, LogLevel.Information, "{Count} silo(s) left the cluster; calls in flight are sent again")]
        public static partial void SilosLeft(ILogger logger, int count);

        [LoggerMessage(402, LogLevel.Warning, "The cluster's membership could not be read; silo losses are not noticed until it can")]
        public static partial void MembershipUnreadable(ILogger logger, Exception exception);
    }
}
