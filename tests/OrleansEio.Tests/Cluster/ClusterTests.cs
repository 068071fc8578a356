using System.Diagnostics;
using System.Text.Json;
using OrleansEio.Tests.Infrastructure;
using OrleansEio.Tests.Interop;

namespace OrleansEio.Tests.Cluster;

/// <summary>
/// The reason the project exists, with real processes: 2 silos and 3 gateways on Redis membership behind an
/// nginx that sends every request to the next gateway in turn.
/// </summary>
/// Tests run in the order of their steps: the load test and the WebSocket test see all three gateways; each
/// test from step 2 on kills a different node (a gateway, another gateway, a silo).
[Collection(LocalClusterCollection.Name)]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed class ClusterTests(LocalCluster cluster)
{
    [Fact, Step(1)]
    public async Task Two_hundred_sessions_through_a_round_robin_balancer_each_use_several_gateways_and_lose_nothing()
    {
        var r = await ClientScript.NodeAsync("cluster-load.mjs", TimeSpan.FromSeconds(120), cluster.Balancer.ToString(), "200", "10");

        Assert.Equal(200, r.GetProperty("sessions").GetInt32());
        Assert.True(r.GetProperty("allUpgraded").GetBoolean(), "every session upgraded to WebSocket");
        Assert.True(r.GetProperty("allInOrder").GetBoolean(), "every echo came back once and in order");
        Assert.True(r.GetProperty("roomsExact").GetBoolean(), "room broadcasts reached exactly their members: " + r.GetProperty("wrongRooms"));

        // nginx's own log: which gateway served each request of each session.
        var servedBy = File.ReadLines(cluster.AccessLog)
            .Select(line => line.Split(' '))
            .Where(f => f.Length >= 2 && f[0] != "-" && f[0].Length > 0)
            .GroupBy(f => f[0], f => f[1])
            .ToDictionary(g => g.Key, g => g.ToHashSet());
        var sids = r.GetProperty("sids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.All(sids, sid => Assert.True(servedBy.TryGetValue(sid, out var gateways) && gateways.Count >= 2,
            $"session {sid} was served by {(servedBy.TryGetValue(sid, out var g) ? string.Join(",", g) : "nothing")}"));
    }

    [Fact, Step(3)]
    public async Task Killing_a_gateway_leaves_polling_sessions_running_through_the_other_gateways()
    {
        var victim = cluster.Pids["gateway http://127.0.0.1:13002"];
        var start = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(Repository.Root, "tests", "interop"), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "polling-survivors.mjs", cluster.Balancer.ToString(), "30", "6" })
        {
            start.ArgumentList.Add(argument);
        }

        using var clients = Process.Start(start)!;
        var stderr = clients.StandardError.ReadToEndAsync();
        Assert.Equal("ready", await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60)));

        // Mid-session, with GETs pending on it: no goodbye, no drain.
        Process.GetProcessById(victim).Kill();

        var verdict = await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60));
        await clients.WaitForExitAsync().Within(TimeSpan.FromSeconds(10));
        Assert.True(clients.ExitCode == 0, $"{verdict} {await stderr}");
        var r = JsonDocument.Parse(verdict!).RootElement;
        Assert.Equal("[]", r.GetProperty("disconnected").GetRawText());
        Assert.True(r.GetProperty("sidsKept").GetBoolean(), "no session had to reconnect");
        // Engine.IO has no acknowledgments: a response that the killed gateway was writing at that instant can
        // be lost. Everything else arrives, once and in order.
        Assert.True(r.GetProperty("echoesInOrder").GetBoolean(), "echoes came back in order, without duplicates: " + r.GetProperty("mismatches"));
        Assert.True(r.GetProperty("lost").GetInt32() <= 1 + r.GetProperty("sessions").GetInt32() / 10, "at most the responses in flight on the killed gateway were lost: " + r.GetProperty("mismatches"));
        Assert.Contains("DEAD", await cluster.StatusAsync());
    }

    [Fact, Step(4)]
    public async Task Killing_a_silo_makes_only_its_sessions_reconnect_within_ping_interval_plus_ping_timeout()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var start = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(Repository.Root, "tests", "interop"), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "node-loss.mjs", cluster.Balancer.ToString(), "20", "10" })
        {
            start.ArgumentList.Add(argument);
        }

        using var clients = Process.Start(start)!;
        var stderr = clients.StandardError.ReadToEndAsync();
        var first = JsonDocument.Parse((await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60)))!).RootElement;
        var silos = new Dictionary<string, string>();
        foreach (var sid in first.GetProperty("sids").EnumerateArray().Select(e => e.GetString()!))
        {
            var snapshot = JsonDocument.Parse(await http.GetStringAsync(new Uri(cluster.Balancer, "/admin/sessions/" + sid)).Within()).RootElement;
            silos[sid] = snapshot.GetProperty("silo").GetString()!;
        }

        var victimSilo = silos.Values.First();
        var victim = cluster.Pids.Single(p => p.Key.StartsWith("silo-") && victimSilo.Contains(":" + (21111 + int.Parse(p.Key["silo-".Length..]) - 1) + ":")).Value;
        Process.GetProcessById(victim).Kill();

        var verdict = await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60));
        await clients.WaitForExitAsync().Within(TimeSpan.FromSeconds(10));
        Assert.True(clients.ExitCode == 0, $"{verdict} {await stderr}");
        var results = JsonDocument.Parse(verdict!).RootElement.GetProperty("clients").EnumerateArray().ToArray();
        var bound = TimeSpan.FromSeconds(2 + 2 + 2); // pingInterval + pingTimeout, plus the client's reconnection delay and slack
        var survivorsTouched = 0;
        foreach (var client in results)
        {
            var sid = client.GetProperty("sid").GetString()!;
            var disconnects = client.GetProperty("disconnects").EnumerateArray().ToArray();
            Assert.True(client.GetProperty("connected").GetBoolean(), $"{sid} is connected at the end: {client}");
            if (silos[sid] == victimSilo)
            {
                Assert.NotEmpty(disconnects);
                Assert.True(disconnects[0].GetProperty("ms").GetInt32() <= bound.TotalMilliseconds, $"{sid} noticed after {disconnects[0].GetProperty("ms")} ms");
            }
            else if (disconnects.Length > 0)
            {
                survivorsTouched++;
            }
        }

        // Grain locations live in Redis (Cluster:Clustering=Redis), so the dead silo takes no survivor's entry with it.
        var survivors = results.Count(c => silos[c.GetProperty("sid").GetString()!] != victimSilo);
        Assert.True(survivorsTouched == 0, $"{survivorsTouched} of {survivors} sessions on the surviving silo had to reconnect");
        Assert.Contains(results, c => silos[c.GetProperty("sid").GetString()!] != victimSilo);
    }

    [Fact, Step(2)]
    public async Task Killing_a_gateway_makes_only_its_websocket_clients_reconnect_and_go_on()
    {
        const string Killed = "127.0.0.1:13003";
        var victim = cluster.Pids["gateway http://" + Killed];
        var start = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(Repository.Root, "tests", "interop"), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "node-loss.mjs", cluster.Balancer.ToString(), "24", "5" })
        {
            start.ArgumentList.Add(argument);
        }

        using var clients = Process.Start(start)!;
        var stderr = clients.StandardError.ReadToEndAsync();
        await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60));

        Process.GetProcessById(victim).Kill();

        var verdict = await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60));
        await clients.WaitForExitAsync().Within(TimeSpan.FromSeconds(10));
        Assert.True(clients.ExitCode == 0, $"{verdict} {await stderr}");
        var results = JsonDocument.Parse(verdict!).RootElement.GetProperty("clients").EnumerateArray().ToArray();
        Assert.All(results, c => Assert.True(c.GetProperty("connected").GetBoolean(), $"connected at the end: {c}"));

        // Polling sessions do not notice: their next request simply goes to another gateway.
        Assert.All(results.Where(c => c.GetProperty("transport").GetString() == "polling"),
            c => Assert.Equal(0, c.GetProperty("disconnects").GetArrayLength()));

        // nginx logs each WebSocket when it closes, with the gateway that carried it.
        var carriedBy = File.ReadLines(cluster.AccessLog)
            .Select(line => line.Split(' '))
            .Where(f => f.Length >= 5 && f[4] == "websocket" && f[0] != "-")
            .GroupBy(f => f[0], f => f[1])
            .ToDictionary(g => g.Key, g => g.First());
        var webSockets = results.Where(c => c.GetProperty("transport").GetString() == "websocket").ToArray();
        var onKilled = webSockets.Where(c => carriedBy.GetValueOrDefault(c.GetProperty("sid").GetString()!) == Killed).ToArray();
        Assert.NotEmpty(onKilled);
        Assert.All(onKilled, c => Assert.True(c.GetProperty("reconnects").GetArrayLength() > 0 && c.GetProperty("reconnects")[0].GetInt32() < 3000, $"reconnected within 3 s: {c}"));
        Assert.All(webSockets.Except(onKilled), c => Assert.True(c.GetProperty("disconnects").GetArrayLength() == 0, $"a WebSocket on a surviving gateway stayed up: {c}"));
    }
}
