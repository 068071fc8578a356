using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using OrleansEio.Hosting.Web;

namespace OrleansEio.Tests.Hosting;

/// <summary>Kestrel's limits: production defaults, and Kestrel's own configuration section over them.</summary>
public sealed class KestrelLimitsTests
{
    private static KestrelServerLimits Apply(Dictionary<string, string?> settings)
    {
        var kestrel = new KestrelServerOptions();
        KestrelLimits.ApplyDefaults(kestrel, new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), 1_064_000);
        return kestrel.Limits;
    }

    [Fact]
    public void Every_limit_has_a_number()
    {
        var limits = Apply([]);

        Assert.Equal(100_000, limits.MaxConcurrentConnections);
        Assert.Equal(100_000, limits.MaxConcurrentUpgradedConnections);
        Assert.Equal(1_064_000, limits.MaxRequestBodySize);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(240, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(240, limits.MinResponseDataRate!.BytesPerSecond);
        Assert.Equal(32 * 1024, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(100, limits.MaxRequestHeaderCount);
    }

    [Fact]
    public void Kestrels_own_configuration_section_overrides_them()
    {
        var limits = Apply(new()
        {
            ["Kestrel:Limits:MaxConcurrentConnections"] = "500",
            ["Kestrel:Limits:RequestHeadersTimeout"] = "00:00:05",
            ["Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond"] = "1000",
            ["Kestrel:Limits:MinRequestBodyDataRate:GracePeriod"] = "00:00:02",
        });

        Assert.Equal(500, limits.MaxConcurrentConnections);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.RequestHeadersTimeout);
        Assert.Equal((1000d, TimeSpan.FromSeconds(2)), (limits.MinRequestBodyDataRate!.BytesPerSecond, limits.MinRequestBodyDataRate.GracePeriod));
    }
}
