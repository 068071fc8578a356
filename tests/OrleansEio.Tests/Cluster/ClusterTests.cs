using System.Diagnostics;
using System.Text.Json;
using OrleansEio.Tests.Infrastructure;
using OrleansEio.Tests.Interop;
using Xunit.Abstractions;

namespace OrleansEio.Tests.Cluster;

/// <summary>
/// The reason the project exists, with real processes: 2 silos and 3 gateways on Redis membership behind an
/// nginx that sends every request to the next gateway in turn.
/// </summary>
/// Tests run in the order of their steps: step 0 has a real Prometheus scrape every node (ClusterTests.Prometheus.cs);
/// the load test and the WebSocket test see all three gateways; each
/// test from step 2 on kills a different node (a gateway, another gateway, a silo); steps 5 and 6 add a node
/// and stop one gracefully (SIGTERM).
[Collection(LocalClusterCollection.Name)]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed partial class ClusterTests(LocalCluster cluster, ITestOutputHelper output)
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
        var victim = cluster.LiveGateways().First();
        using var clients = StartClients("survivors.mjs", cluster.Balancer.ToString(), "30", "6");
        var stderr = clients.StandardError.ReadToEndAsync();
        await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60));

        // Mid-session, with GETs pending on it: no goodbye, no drain.
        cluster.Kill(victim);

        var r = await VerdictAsync(clients, stderr);
        Assert.True(r.GetProperty("disconnected").GetArrayLength() == 0, $"clients were disconnected: {r.GetProperty("disconnected").GetRawText()}{cluster.Evidence()}");
        Assert.True(r.GetProperty("sidsKept").GetBoolean(), "no session had to reconnect");
        // Engine.IO has no acknowledgments: a response that the killed gateway was writing at that instant can
        // be lost. Everything else arrives, once and in order.
        Assert.True(r.GetProperty("echoesInOrder").GetBoolean(), "echoes came back in order, without duplicates: " + r.GetProperty("mismatches"));
        Assert.True(r.GetProperty("lost").GetInt32() <= 1 + r.GetProperty("sessions").GetInt32() / 10, "at most the responses in flight on the killed gateway were lost: " + r.GetProperty("mismatches"));
        Assert.Contains("DEAD", await cluster.StatusAsync());
    }

    [Fact, Step(4)]
    public async Task Killing_a_silo_makes_its_clients_reconnect_within_2_s_of_the_crash_and_swallows_nothing()
    {
        // Two gateways at least behind the balancer (steps 2 and 3 each killed one).
        while (cluster.LiveGateways().Count() < 2)
        {
            await cluster.AddAsync("gateway");
        }

        using var clients = StartClients("silo-kill.mjs", cluster.Balancer.ToString(), "20", "8");
        var stderr = clients.StandardError.ReadToEndAsync();
        var sids = JsonDocument.Parse((await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60)))!).RootElement
            .GetProperty("sids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var silos = await SilosOfAsync(sids);

        // The production heartbeat (25 s / 20 s) is far longer than the bound: only the cluster's word can meet it.
        var victimSilo = silos.Values.GroupBy(s => s).OrderByDescending(g => g.Count()).First().Key;
        var victim = cluster.Pids.Keys.Single(k => k.StartsWith("silo-") && victimSilo.Contains(":" + SiloPort(k) + ":"));
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        cluster.Kill(victim);
        await clients.StandardInput.WriteLineAsync($"killed {killedAt}");
        await clients.StandardInput.FlushAsync();
        var declared = await cluster.DeclaredDeadAtAsync(SiloPort(victim), TimeSpan.FromSeconds(30)) - killedAt;
        output.WriteLine($"silo kill -9: the membership table says Dead {declared} ms after the kill");

        var results = (await VerdictAsync(clients, stderr)).GetProperty("clients").EnumerateArray().ToArray();
        var affected = results.Where(c => silos[c.GetProperty("sid").GetString()!] == victimSilo).ToArray();
        foreach (var transport in new[] { "websocket", "polling" })
        {
            var times = affected.Where(c => c.GetProperty("transport").GetString() == transport)
                .Select(c => c.GetProperty("disconnects").EnumerateArray().Select(d => d.GetProperty("ms").GetInt32()).DefaultIfEmpty(-1).First())
                .Order().ToArray();
            var reconnects = affected.Where(c => c.GetProperty("transport").GetString() == transport)
                .Select(c => c.GetProperty("reconnects").EnumerateArray().Select(r => r.GetInt32()).DefaultIfEmpty(-1).First())
                .Order().ToArray();
            output.WriteLine($"silo kill -9, {transport}: disconnect after [{string.Join(", ", times)}] ms, reconnected after [{string.Join(", ", reconnects)}] ms");
        }

        Assert.Contains(affected, c => c.GetProperty("transport").GetString() == "websocket");
        Assert.Contains(affected, c => c.GetProperty("transport").GetString() == "polling");
        // The gateways' share is what this test bounds: a membership read (Gateway:SiloLossCheckInterval, 100 ms) and
        // one re-issued call after the silos declare the death. The declaration itself takes one to two probe periods
        // (Cluster:ProbeTimeout 1 s, 2 misses; 0.6 to 1.8 s measured), so the 2 s from the crash hold when it comes
        // within about 1.5 s; a shorter ProbeTimeout would always meet them, but at 0.5 s this machine's load made a
        // healthy silo miss 3 probes in a row (cluster test run of 2026-11-30), so production keeps 1 s.
        var bound = Math.Max(2000, declared + 750);
        foreach (var client in affected)
        {
            var disconnects = client.GetProperty("disconnects").EnumerateArray().ToArray();
            Assert.True(disconnects.Length > 0 && disconnects[0].GetProperty("ms").GetInt32() <= bound, $"noticed the loss within {bound} ms of the crash (declared dead after {declared} ms): {client}");
            Assert.True(client.GetProperty("reconnects").GetArrayLength() > 0 && client.GetProperty("connected").GetBoolean(), $"reconnected: {client}");
        }

        // What a client emitted after the crash was acked, or failed with its disconnect: never silently dropped.
        Assert.All(results, c => Assert.True(c.GetProperty("swallowed").GetInt32() == 0, $"no emit swallowed: {c}"));

        // Grain locations live in Redis (Cluster:Clustering=Redis), so the dead silo takes no survivor's entry with it;
        // calls re-issued after the loss reach the survivors' sessions, which carry on.
        var survivors = results.Except(affected).ToArray();
        Assert.NotEmpty(survivors);
        Assert.All(survivors, c => Assert.True(c.GetProperty("disconnects").GetArrayLength() == 0 && c.GetProperty("connected").GetBoolean(), $"a session of the surviving silo went on: {c}"));
    }

    [Fact, Step(2)]
    public async Task Killing_a_gateway_makes_only_its_websocket_clients_reconnect_and_go_on()
    {
        using var clients = StartClients("node-loss.mjs", cluster.Balancer.ToString(), "24", "5");
        var stderr = clients.StandardError.ReadToEndAsync();
        await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60));

        // The gateway carrying the most WebSockets (round-robin spreads them unevenly) is killed.
        var killed = await BusiestGatewayAsync();
        cluster.Kill("gateway http://" + killed);

        var results = (await VerdictAsync(clients, stderr)).GetProperty("clients").EnumerateArray().ToArray();
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
        var onKilled = webSockets.Where(c => carriedBy.GetValueOrDefault(c.GetProperty("sid").GetString()!) == killed).ToArray();
        Assert.NotEmpty(onKilled);
        Assert.All(onKilled, c => Assert.True(c.GetProperty("reconnects").GetArrayLength() > 0 && c.GetProperty("reconnects")[0].GetInt32() < 3000, $"reconnected within 3 s: {c}"));
        Assert.All(webSockets.Except(onKilled), c => Assert.True(c.GetProperty("disconnects").GetArrayLength() == 0, $"a WebSocket on a surviving gateway stayed up: {c}"));
    }

    [Fact, Step(5)]
    public async Task A_silo_stopped_with_sigterm_hands_its_sessions_to_another_silo_and_no_client_notices()
    {
        await cluster.AddAsync("silo");
        using var clients = StartClients("survivors.mjs", cluster.Balancer.ToString(), "24", "8", "mixed");
        var stderr = clients.StandardError.ReadToEndAsync();
        var sids = JsonDocument.Parse((await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60)))!).RootElement
            .GetProperty("sids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var before = await SilosOfAsync(sids);

        // The silo holding the most sessions gets what an orchestrator sends before removing a pod.
        var victimSilo = before.Values.GroupBy(s => s).OrderByDescending(g => g.Count()).First().Key;
        var victim = cluster.Pids.Single(p => p.Key.StartsWith("silo-") && victimSilo.Contains(":" + SiloPort(p.Key) + ":"));
        var moving = before.Count(s => s.Value == victimSilo);
        var watch = Stopwatch.StartNew();
        await cluster.TerminateAsync(victim.Key, TimeSpan.FromSeconds(30));
        var exitedAfter = watch.Elapsed;

        var r = await VerdictAsync(clients, stderr);
        var disconnected = r.GetProperty("disconnected").GetArrayLength();
        output.WriteLine($"silo SIGTERM: {disconnected} of {sids.Length} clients disconnected: {r.GetProperty("disconnected").GetRawText()}");
        Assert.True(disconnected == 0, $"{disconnected} of {sids.Length} clients were disconnected: {r.GetProperty("disconnected").GetRawText()}");
        Assert.True(r.GetProperty("sidsKept").GetBoolean(), "no session had to reconnect");
        Assert.True(r.GetProperty("echoesExact").GetBoolean(), $"every echo came back once and in order ({moving} sessions moved, silo exited after {exitedAfter.TotalMilliseconds:F0} ms): " + r.GetProperty("mismatches"));

        output.WriteLine($"silo SIGTERM: {moving} of {sids.Length} sessions moved; the silo exited {exitedAfter.TotalMilliseconds:F0} ms after the signal; {r.GetProperty("sent")} echoes");
        var after = await SilosOfAsync(sids);
        Assert.All(after, s => Assert.NotEqual(victimSilo, s.Value));
    }

    [Fact, Step(6)]
    public async Task A_gateway_stopped_with_sigterm_loses_no_polling_session_and_no_message()
    {
        var added = await cluster.AddAsync("gateway");
        using var clients = StartClients("survivors.mjs", cluster.Balancer.ToString(), "20", "6");
        var stderr = clients.StandardError.ReadToEndAsync();
        await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60));

        // Its pending GETs are answered (noop) before it goes; the clients' next requests reach the other gateways.
        var watch = Stopwatch.StartNew();
        await cluster.TerminateAsync(added, TimeSpan.FromSeconds(30));
        output.WriteLine($"gateway SIGTERM: exited {watch.ElapsedMilliseconds} ms after the signal");

        var r = await VerdictAsync(clients, stderr);
        Assert.True(r.GetProperty("disconnected").GetArrayLength() == 0, $"clients were disconnected: {r.GetProperty("disconnected").GetRawText()}{cluster.Evidence()}");
        Assert.True(r.GetProperty("sidsKept").GetBoolean(), "no session had to reconnect");
        Assert.True(r.GetProperty("echoesExact").GetBoolean(), "unlike a kill -9, a graceful stop loses nothing: " + r.GetProperty("mismatches"));
        output.WriteLine($"gateway SIGTERM: {r.GetProperty("sessions")} sessions, {r.GetProperty("sent")} echoes, {r.GetProperty("lost")} lost");
    }

    private async Task<string> BusiestGatewayAsync()
    {
        using var http = cluster.AdminClient();
        var counts = new Dictionary<string, int>();
        foreach (var gateway in cluster.LiveGateways())
        {
            var address = gateway["gateway http://".Length..];
            var node = JsonDocument.Parse(await http.GetStringAsync($"http://{address}/admin/node").Within()).RootElement;
            counts[address] = node.GetProperty("webSockets").GetInt32();
        }

        return counts.MaxBy(c => c.Value).Key;
    }

    private static int SiloPort(string name) => LocalCluster.SiloPort(int.Parse(name["silo-".Length..]));

    private async Task<Dictionary<string, string>> SilosOfAsync(IEnumerable<string> sids)
    {
        using var http = cluster.AdminClient();
        var silos = new Dictionary<string, string>();
        foreach (var sid in sids)
        {
            var snapshot = JsonDocument.Parse(await http.GetStringAsync(new Uri(cluster.Balancer, "/admin/sessions/" + sid)).Within()).RootElement;
            silos[sid] = snapshot.GetProperty("silo").GetString()!;
        }

        return silos;
    }

    /// <summary>The clients' last line: their verdict, once they exited cleanly.</summary>
    private static async Task<JsonElement> VerdictAsync(Process clients, Task<string> stderr)
    {
        var verdict = await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(60));
        await clients.WaitForExitAsync().Within(TimeSpan.FromSeconds(10));
        Assert.True(clients.ExitCode == 0, $"{verdict} {await stderr}");
        return JsonDocument.Parse(verdict!).RootElement;
    }

    private static Process StartClients(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(Repository.Root, "tests", "interop"), RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }
}
