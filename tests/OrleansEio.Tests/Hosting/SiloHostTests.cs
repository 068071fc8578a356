using System.Net;
using System.Text.Json;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Hosting;

/// <summary>A silo host process configured for production logging (docs/operations.md), and nothing else.</summary>
public sealed class SiloHostTests(SiloHostTests.JsonLoggingSilo silo) : IClassFixture<SiloHostTests.JsonLoggingSilo>
{
    public sealed class JsonLoggingSilo : SiloFixture
    {
        public JsonLoggingSilo()
            : base(new Dictionary<string, string>
            {
                ["Logging__Console__FormatterName"] = "json",
                ["Logging__Console__FormatterOptions__TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ",
                ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
                ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
            })
        {
        }
    }

    [Fact]
    public void Console_logs_are_one_json_object_per_line_with_time_level_category_and_message_when_the_formatter_is_json()
    {
        var lines = silo.Process.Output.Where(l => l.Length > 0).ToArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            using var entry = JsonDocument.Parse(line);
            foreach (var field in new[] { "Timestamp", "LogLevel", "Category", "Message" })
            {
                Assert.True(entry.RootElement.TryGetProperty(field, out _), $"{field} missing from {line}");
            }
        });
        Assert.Contains(lines, l => l.Contains("\"Category\":\"Microsoft.Hosting.Lifetime\"", StringComparison.Ordinal) && l.Contains(silo.Process.Address.Authority, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_orleans_dashboard_is_not_served_unless_configured()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var response = await http.GetAsync(new Uri(silo.Process.ManagementAddress, "/dashboard/")).Within();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary><c>Silo:Dashboard:Enabled=true</c>: the Orleans Dashboard, on the management port only.</summary>
public sealed class OrleansDashboardTests(OrleansDashboardTests.DashboardSilo silo) : IClassFixture<OrleansDashboardTests.DashboardSilo>
{
    public sealed class DashboardSilo() : SiloFixture(new Dictionary<string, string> { ["Silo__Dashboard__Enabled"] = "true" });

    [Fact]
    public async Task The_orleans_dashboard_and_its_figures_answer_on_the_management_port_only()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var page = await http.GetStringAsync(new Uri(silo.Process.ManagementAddress, "/dashboard/")).Within();
        using var counters = await http.GetAsync(new Uri(silo.Process.ManagementAddress, "/dashboard/DashboardCounters")).Within();
        using var onApplicationPort = await http.GetAsync(new Uri(silo.Process.Address, "/dashboard/")).Within();

        Assert.Contains("<title>Orleans Dashboard", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onApplicationPort.StatusCode);
    }
}

/// <summary>One silo host process per test class, with the given environment.</summary>
public abstract class SiloFixture(IReadOnlyDictionary<string, string> settings) : IAsyncLifetime
{
    public SiloProcess Process { get; private set; } = null!;

    public async Task InitializeAsync() => Process = await SiloProcess.StartAsync(settings);

    public async Task DisposeAsync() => await Process.DisposeAsync();
}
