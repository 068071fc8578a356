using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// Handshakes per client address and in total (<see cref="EngineIoGatewayOptions.Handshakes"/>), with ASP.NET Core's rate
/// limiting: two token buckets chained into the global limiter (after any the application set), counting only
/// Engine.IO requests without a sid. The host calls <c>app.UseRateLimiter()</c> after routing.
/// </summary>
internal static class HandshakeRateLimiting
{
    private static readonly IPAddress Unknown = IPAddress.None;

    public static void AddHandshakeRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().PostConfigure<IOptions<EngineIoGatewayOptions>, GatewayMetrics>((limiter, gateway, metrics) =>
        {
            var handshakes = gateway.Value.Handshakes;
            var ours = PartitionedRateLimiter.CreateChained(PerAddress(handshakes), Total(handshakes));
            limiter.GlobalLimiter = limiter.GlobalLimiter is { } theirs ? PartitionedRateLimiter.CreateChained(theirs, ours) : ours;
            var previous = limiter.OnRejected;
            limiter.OnRejected = (rejected, cancellationToken) => IsHandshake(rejected.HttpContext)
                ? RefuseAsync(rejected, metrics)
                : previous?.Invoke(rejected, cancellationToken) ?? ValueTask.CompletedTask;
        });
    }

    /// <summary>An Engine.IO request that opens a session: it carries no sid.</summary>
    private static bool IsHandshake(HttpContext context)
        => context.GetEndpoint()?.Metadata.GetMetadata<EngineIoEndpointMetadata>() is not null && !context.Request.Query.ContainsKey("sid");

    private static PartitionedRateLimiter<HttpContext> PerAddress(HandshakeRateOptions options)
        => PartitionedRateLimiter.Create<HttpContext, IPAddress>(context => IsHandshake(context)
            ? RateLimitPartition.GetTokenBucketLimiter(ClientAddresses.BudgetKey(context.Connection.RemoteIpAddress ?? Unknown), _ => Bucket(options.BurstPerAddress, options.PerSecondPerAddress))
            : RateLimitPartition.GetNoLimiter(Unknown));

    private static PartitionedRateLimiter<HttpContext> Total(HandshakeRateOptions options)
        => PartitionedRateLimiter.Create<HttpContext, bool>(context => IsHandshake(context)
            ? RateLimitPartition.GetTokenBucketLimiter(true, _ => Bucket(options.Burst, options.PerSecond))
            : RateLimitPartition.GetNoLimiter(false));

    // Refilled in tenths of a second (the partitioned limiter's own tick), or once per token for slow rates.
    private static TokenBucketRateLimiterOptions Bucket(int burst, int perSecond) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond >= 10 ? perSecond / 10 : 1,
        ReplenishmentPeriod = perSecond >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1.0 / perSecond),
        QueueLimit = 0,
    };

    /// <summary>
    /// 429 with <c>Retry-After</c> and the Engine.IO error body. Clients treat any failed handshake as a transport
    /// error and reconnect with randomized backoff; 429 is what proxies, dashboards and HTTP libraries read as
    /// "slow down", and the body keeps the <c>{code,message}</c> shape every Engine.IO error has.
    /// </summary>
    private static ValueTask RefuseAsync(OnRejectedContext rejected, GatewayMetrics metrics)
    {
        metrics.HandshakeRateExceeded();
        var response = rejected.HttpContext.Response;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ValueTask(WireErrors.WriteTooManyHandshakesAsync(rejected.HttpContext));
    }
}

/// <summary>Marks the endpoints <c>MapEngineIo</c> maps, so middleware can tell Engine.IO requests apart.</summary>
internal sealed class EngineIoEndpointMetadata
{
    public static readonly EngineIoEndpointMetadata Instance = new();
}
