using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// Handshakes per client address and in total (<see cref="EngineIoGatewayOptions.Handshakes"/>): two of the
/// framework's token buckets (System.Threading.RateLimiting), partitioned by client address and chained. The
/// Engine.IO endpoint asks it for handshakes only, so requests of open sessions never touch it, and the limits hold
/// whatever the application's pipeline looks like (the rate-limiting middleware would need <c>UseRateLimiter</c> in
/// the right place, and would run for every request).
/// </summary>
internal sealed class HandshakeLimiter : IDisposable
{
    private static readonly IPAddress Unknown = IPAddress.None;

    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public HandshakeLimiter(IOptions<EngineIoGatewayOptions> options)
    {
        var handshakes = options.Value.Handshakes;
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, IPAddress>(context => RateLimitPartition.GetTokenBucketLimiter(
                ClientAddresses.BudgetKey(context.Connection.RemoteIpAddress ?? Unknown),
                _ => Bucket(handshakes.BurstPerAddress, handshakes.PerSecondPerAddress))),
            PartitionedRateLimiter.Create<HttpContext, bool>(_ => RateLimitPartition.GetTokenBucketLimiter(
                true,
                _ => Bucket(handshakes.Burst, handshakes.PerSecond))));
    }

    /// <summary>
    /// True when the handshake may proceed; otherwise <c>Retry-After</c> is set and the caller answers 429. Clients
    /// treat any failed handshake as a transport error and reconnect with randomized backoff; 429 is what proxies,
    /// dashboards and HTTP libraries read as "slow down".
    /// </summary>
    public bool TryAcquire(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context);
        if (lease.IsAcquired)
        {
            return true;
        }

        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return false;
    }

    // Refilled in tenths of a second (the partitioned limiter's own tick), or once per token for slow rates.
    private static TokenBucketRateLimiterOptions Bucket(int burst, int perSecond) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond >= 10 ? perSecond / 10 : 1,
        ReplenishmentPeriod = perSecond >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1.0 / perSecond),
        QueueLimit = 0,
    };

    public void Dispose() => _limiter.Dispose();
}
