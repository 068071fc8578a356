using Orleans.Dashboard;
using OrleansEio.Hosting;

namespace OrleansEio.Silo;

/// <summary>
/// The Orleans Dashboard (grains, calls, silos), off unless <c>Silo:Dashboard:Enabled=true</c>; turn it on on every silo
/// of the cluster or on none, since it asks each silo for its figures. It has no authentication of its own: it answers
/// under <c>Silo:Dashboard:Path</c> (<c>/dashboard</c>) on the management port when one is set, like health and metrics,
/// and its live log stream stays off unless <c>Silo:Dashboard:HideTrace=false</c>. The section's other keys are the
/// dashboard's own options (<c>CounterUpdateIntervalMs</c>, <c>HistoryLength</c>).
/// </summary>
internal static class SiloDashboard
{
    public const string Section = "Silo:Dashboard";

    private static bool Enabled(IConfiguration configuration) => configuration.GetValue($"{Section}:Enabled", false);

    public static ISiloBuilder UseConfiguredDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (Enabled(configuration))
        {
            silo.AddDashboard(options =>
            {
                // Log lines carry client addresses and names: streamed to a browser only when asked for.
                options.HideTrace = true;
                configuration.GetSection(Section).Bind(options);
            });
        }

        return silo;
    }

    public static WebApplication MapConfiguredDashboard(this WebApplication app)
    {
        if (Enabled(app.Configuration))
        {
            app.MapOrleansDashboard(app.Configuration[$"{Section}:Path"] ?? "/dashboard").OnManagementPort();
        }

        return app;
    }
}
