using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansEio.Hosting.Web;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, believed only from the proxies listed (the client address then
/// is the one the nearest known proxy saw). With none listed, forwarded headers are ignored: anyone could write them.
/// ASP.NET Core's own default trusts loopback; here nothing is trusted unless configured.
/// </summary>
public sealed class TrustedProxyOptions
{
    /// <summary>Addresses of the proxies in front of this node, e.g. <c>127.0.0.1</c> or <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in front of this node, in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    internal bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    /// <summary>
    /// Configures ASP.NET Core's <see cref="ForwardedHeadersOptions"/> to read <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> from the proxies in <paramref name="trusted"/> only, one hop deep; addresses that do not
    /// parse are skipped (<see cref="Validate"/> names them). Pair it with <see cref="Use"/>.
    /// </summary>
    public static void Configure(IServiceCollection services, TrustedProxyOptions trusted)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();

            // One proxy hop is read: the address the nearest known proxy appended. What a client wrote itself
            // further left in X-Forwarded-For is ignored.
            o.ForwardLimit = 1;
            foreach (var proxy in trusted.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }

            foreach (var network in trusted.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    o.KnownIPNetworks.Add(parsed);
                }
            }
        });
    }

    /// <summary>
    /// Adds ASP.NET Core's forwarded-headers middleware, only when proxies are configured (with empty lists ASP.NET Core
    /// would trust any sender). Call it first in the pipeline, before anything reads the client address.
    /// </summary>
    public static void Use(IApplicationBuilder app, TrustedProxyOptions trusted)
    {
        if (trusted.Any)
        {
            app.UseForwardedHeaders();
        }
    }

    /// <summary>What is wrong with the lists, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section)
    {
        for (var i = 0; i < KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _))
            {
                yield return $"{section}:KnownProxies:{i} ('{KnownProxies[i]}') is not an IP address.";
            }
        }

        for (var i = 0; i < KnownNetworks.Length; i++)
        {
            if (!System.Net.IPNetwork.TryParse(KnownNetworks[i], out _))
            {
                yield return $"{section}:KnownNetworks:{i} ('{KnownNetworks[i]}') is not a network in CIDR notation (e.g. 10.0.0.0/8).";
            }
        }
    }
}
