namespace OrleansEio.Tests.Deploy;

/// <summary>
/// The Grafana dashboard is a file Grafana imports as it is: its panels query the Prometheus data source chosen on import.
/// Whether the metrics it names exist is for the scrape test (ClusterTests, step 0), which holds them against a real Prometheus.
/// </summary>
public sealed class GrafanaDashboardTests
{
    [Fact]
    public void Every_panel_queries_the_chosen_prometheus_with_expressions_of_its_own()
    {
        var dashboard = GrafanaDashboard.Load();
        var variable = dashboard.Root.GetProperty("templating").GetProperty("list").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "datasource");
        Assert.Equal(("datasource", "prometheus"), (variable.GetProperty("type").GetString(), variable.GetProperty("query").GetString()));

        var panels = dashboard.Panels().ToArray();
        Assert.True(panels.Length >= 20, $"{panels.Length} panels");
        Assert.Equal(panels.Length, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(panels, panel =>
        {
            var title = panel.GetProperty("title").GetString();
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToArray();
            Assert.True(targets.Length > 0, $"{title} has no query");
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString()), $"{title} has an empty query"));
            Assert.Equal(targets.Length, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("description").GetString()), $"{title} says what it shows");
        });
    }

    [Theory]
    [InlineData("""sum by (engineio_transport) (rate(orleanseio_engineio_handshakes_total{engineio_transport="polling"}[$__rate_interval]))""", "orleanseio_engineio_handshakes_total")]
    [InlineData("histogram_quantile(0.99, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket[5m])))", "http_server_request_duration_seconds_bucket")]
    [InlineData("sum(rate(a_sum[1m])) / on(instance) group_left(node) b_info", "a_sum b_info")]
    [InlineData("count(up offset 5m) and kestrel_active_connections > 1e3", "up kestrel_active_connections")]
    [InlineData("""sum without (reason) (x{reason=~"a|b", le="+Inf"})""", "x")]
    public void The_metric_names_of_an_expression_are_found_and_nothing_else(string expression, string names)
        => Assert.Equal(names.Split(' ').Order(), GrafanaDashboard.MetricNames(expression).Order());

    [Theory]
    [InlineData("orleanseio_engineio_handshakes_total", "orleanseio_engineio_handshakes")]
    [InlineData("orleanseio_socketio_broadcast_deliveries_bucket", "orleanseio_socketio_broadcast_deliveries")]
    [InlineData("orleanseio_engineio_active_sessions", "orleanseio_engineio_active_sessions")]
    public void A_family_is_a_name_without_the_suffixes_of_the_exposition(string name, string family)
        => Assert.Equal(family, GrafanaDashboard.Family(name));
}
