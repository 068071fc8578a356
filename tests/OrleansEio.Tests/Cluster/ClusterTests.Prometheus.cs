using System.Diagnostics;
using System.Text.Json;
using YamlDotNet.RepresentationModel;
using OrleansEio.Tests.Deploy;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Cluster;

/// <summary>
/// Step 0, before any node dies: a real Prometheus scrapes every gateway's and silo's <c>/metrics</c> while official
/// clients run a scripted load through the balancer (tests/interop/metrics-load.mjs), and what it reports through its
/// HTTP API must be what the clients did. The cluster has warmed up before (LocalCluster), so each figure is compared
/// as the increase over what Prometheus saw before the load. The operator assets are held against the same Prometheus:
/// the Grafana dashboard (deploy/grafana) and the alert rules (deploy/prometheus) may name only metrics it holds.
/// </summary>
public sealed partial class ClusterTests
{
    private const int Upgrading = 12;
    private const int Polling = 8;
    private const int WebSocketOnly = 4;
    private const int Broadcasts = 10;

    private sealed record Figure(string What, string Query, double Expected);

    [Fact, Step(0)]
    public async Task A_real_prometheus_scraping_every_node_counts_the_sessions_handshakes_upgrades_and_deliveries_the_clients_made()
    {
        var watch = Stopwatch.StartNew();
        var targets = cluster.MetricsTargets();
        Assert.Equal((3, 2), (targets["gateway"].Length, targets["silo"].Length));
        await using var prometheus = await PrometheusServer.StartAsync(targets.ToDictionary(t => "orleanseio-" + t.Key, t => t.Value), AlertRules);
        await prometheus.AllTargetsUpAsync(5, TimeSpan.FromSeconds(30));

        // What the warm-up left, once every node has been scraped; nothing else runs on the cluster meanwhile.
        var before = await ReadAsync(prometheus, Figures(null));

        using var clients = StartClients("metrics-load.mjs", cluster.Balancer.ToString(), $"{Upgrading}", $"{Polling}", $"{WebSocketOnly}", $"{Broadcasts}");
        var stderr = clients.StandardError.ReadToEndAsync();

        var line = await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(90));
        var did = JsonDocument.Parse(line ?? "{}").RootElement;
        Assert.True(did.TryGetProperty("ok", out var ok) && ok.GetBoolean(), $"the load failed: {line} {(clients.HasExited ? await stderr : string.Empty)}");
        AssertTheClientsDidWhatWasAsked(did);

        await AgreeAsync(prometheus, before, Figures(did), "while the clients are connected");

        await SayAsync(clients, "close");
        Assert.StartsWith("{\"closed\"", await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(30)));
        await AgreeAsync(prometheus, before, Figures(did, closed: true), "after the clients closed");
        await SayAsync(clients, "exit");
        await clients.WaitForExitAsync().Within(TimeSpan.FromSeconds(10));
        Assert.True(clients.ExitCode == 0, await stderr);

        // The Grafana dashboard and the alert rules ask only for names Prometheus holds, and the dashboard shows every
        // OrleansEio metric it holds; every alert rule evaluates.
        var exported = await prometheus.MetricNamesAsync();
        var dashboard = GrafanaDashboard.Load().MetricNames();
        Assert.True(dashboard.Count > 20, $"the dashboard's expressions name {dashboard.Count} metrics");
        Assert.True(dashboard.IsSubsetOf(exported), "the dashboard names metrics nobody exported: " + string.Join(", ", dashboard.Except(exported)));
        var alerting = AlertRuleExpressions().SelectMany(GrafanaDashboard.MetricNames).ToHashSet();
        Assert.True(alerting.Count > 5 && alerting.IsSubsetOf(exported), "the alert rules name metrics nobody exported: " + string.Join(", ", alerting.Except(exported)));
        Assert.Empty(await prometheus.BrokenRulesAsync(TimeSpan.FromSeconds(10)));
        var shown = dashboard.Select(GrafanaDashboard.Family).ToHashSet();
        var missing = exported.Where(n => n.StartsWith("orleanseio_", StringComparison.Ordinal)).Select(GrafanaDashboard.Family).Where(f => !shown.Contains(f)).Distinct();
        Assert.True(!missing.Any(), "OrleansEio metrics without a panel: " + string.Join(", ", missing));
        output.WriteLine($"prometheus scrape test: {watch.Elapsed.TotalSeconds:F1} s; dashboard: {dashboard.Count} metric names, all exported");
    }

    private static readonly string AlertRules = Path.Combine(Repository.Root, "deploy", "prometheus", "alerts.yml");

    /// <summary>The <c>expr</c> of every rule of deploy/prometheus/alerts.yml.</summary>
    private static IEnumerable<string> AlertRuleExpressions()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(AlertRules)));
        var groups = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["groups"];
        return groups.Children.Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Children.Cast<YamlMappingNode>())
            .Select(r => ((YamlScalarNode)r["expr"]).Value!);
    }

    /// <summary>What the script reports it saw; the figures below trust only what it saw.</summary>
    private static void AssertTheClientsDidWhatWasAsked(JsonElement did)
    {
        var connected = did.GetProperty("connected");
        Assert.Equal((Upgrading, Polling, WebSocketOnly), (connected.GetProperty("upgrading").GetInt32(), connected.GetProperty("polling").GetInt32(), connected.GetProperty("websocket").GetInt32()));
        Assert.Equal(Upgrading, did.GetProperty("upgraded").GetInt32());
        Assert.Equal(did.GetProperty("expectedDeliveries").GetInt32(), did.GetProperty("deliveries").GetInt32());
        Assert.Equal((400, 413, 200), (did.GetProperty("forgedStatus").GetInt32(), did.GetProperty("tooLargeStatus").GetInt32(), did.GetProperty("rawCloseStatus").GetInt32()));
        Assert.Equal("Invalid namespace", did.GetProperty("connectError").GetString());
        Assert.Equal("transport close", did.GetProperty("greedyReason").GetString());
    }

    /// <summary>
    /// Each figure as Prometheus would answer a dashboard, summed over every node, and the increase the clients caused:
    /// besides the socket.io clients, one raw polling session (refused a POST over maxHttpBufferSize, then closed) and one
    /// WebSocket client whose attachments crossed SocketIo:MaxAttachmentBytes (closed with "parse error").
    /// </summary>
    private static Figure[] Figures(JsonElement? load, bool closed = false)
    {
        double Get(string name) => load?.GetProperty(name).GetInt32() ?? 0;
        var sockets = Get("joins");
        var onWebSocket = closed ? 0 : Get("onWebSocket");
        var onPolling = closed ? 0 : Get("onPolling");
        return
        [
            new("sessions opened by a polling handshake", """sum(orleanseio_engineio_handshakes_total{engineio_transport="polling"})""", Upgrading + Polling + 1),
            new("sessions opened by a WebSocket handshake", """sum(orleanseio_engineio_handshakes_total{engineio_transport="websocket"})""", WebSocketOnly + 1),
            new("upgrades that succeeded", """sum(orleanseio_engineio_upgrades_total{engineio_upgrade_outcome="succeeded"})""", Get("upgraded")),
            new("upgrades that failed or timed out", """sum(orleanseio_engineio_upgrades_total{engineio_upgrade_outcome!="succeeded"})""", 0),
            new("open sessions on polling", """sum(orleanseio_engineio_active_sessions{engineio_transport="polling"})""", onPolling),
            new("open sessions on WebSocket", """sum(orleanseio_engineio_active_sessions{engineio_transport="websocket"})""", onWebSocket),
            new("WebSockets the gateways carry", "sum(orleanseio_gateway_active_websockets)", onWebSocket),
            new("Socket.IO connects", "sum(orleanseio_socketio_connects_total)", sockets + 1),
            new("connected sockets", "sum(orleanseio_socketio_active_sockets)", closed ? 0 : sockets),
            new("connect errors", """sum(orleanseio_socketio_connect_errors_total{error_type="invalid_namespace"})""", 1),
            new("events from clients (joins and broadcast requests)", """sum(orleanseio_socketio_events_total{network_io_direction="receive"})""", sockets + Broadcasts),
            new("acks sent", "sum(orleanseio_socketio_sent_acks_total)", sockets + Broadcasts),
            new("broadcasts", "sum(orleanseio_socketio_broadcasts_total)", Broadcasts),
            new("silos the broadcasts went to (2 each)", "sum(orleanseio_socketio_broadcast_silos_sum)", Broadcasts * 2),
            new("broadcast deliveries (sockets handed a broadcast)", "sum(orleanseio_socketio_broadcast_deliveries_sum)", Get("deliveries")),
            new("refused: forged sid", """sum(orleanseio_gateway_refused_total{reason="Session ID unknown"})""", 1),
            new("refused: payload too large", """sum(orleanseio_gateway_refused_total{reason="Payload too large"})""", 1),
            new("wire errors answered 400", """sum(orleanseio_gateway_wire_errors_total{http_response_status_code="400"})""", 1),
            new("wire errors answered 413", """sum(orleanseio_gateway_wire_errors_total{http_response_status_code="413"})""", 1),
            new("EngineIo:MaxHttpBufferSize rejections", """sum(orleanseio_engineio_budget_rejections_total{orleanseio_budget="EngineIo:MaxHttpBufferSize"})""", 1),
            new("SocketIo:MaxAttachmentBytes rejections", """sum(orleanseio_socketio_budget_rejections_total{orleanseio_budget="SocketIo:MaxAttachmentBytes"})""", 1),
            new("sessions closed with parse error", """sum(orleanseio_engineio_closed_sessions_total{engineio_close_reason="parse error"})""", 1),
            new("sessions closed by their client", """sum(orleanseio_engineio_closed_sessions_total{engineio_close_reason="transport close"})""", 1 + (closed ? sockets : 0)),
            new("sessions closed for any reason", "sum(orleanseio_engineio_closed_sessions_total)", 2 + (closed ? sockets : 0)),
        ];
    }

    private static async Task SayAsync(Process clients, string line)
    {
        await clients.StandardInput.WriteLineAsync(line).Within();
        await clients.StandardInput.FlushAsync().Within();
    }

    private static async Task<double[]> ReadAsync(PrometheusServer prometheus, Figure[] figures)
        => await Task.WhenAll(figures.Select(f => prometheus.ScalarAsync(f.Query)));

    /// <summary>Polls Prometheus (it scrapes every second) until every figure rose by what the clients did; fails with every mismatch after 30 s.</summary>
    private async Task AgreeAsync(PrometheusServer prometheus, double[] before, Figure[] figures, string when)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var now = await ReadAsync(prometheus, figures);
            var wrong = figures.Select((f, i) => (f, Seen: now[i] - before[i])).Where(x => x.Seen != x.f.Expected).ToArray();
            if (wrong.Length == 0)
            {
                output.WriteLine($"{when}: " + string.Join("; ", figures.Select(f => $"{f.What} {f.Expected}")));
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{when}, Prometheus disagrees with the clients: " + string.Join("; ", wrong.Select(x => $"{x.f.What}: the clients made {x.f.Expected}, Prometheus says {x.Seen}")));
            await Task.Delay(200);
        }
    }
}
