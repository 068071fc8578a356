using System.Diagnostics;
using System.Text.Json;
using OrleansEio.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansEio.Tests.Cluster;

/// <summary>
/// Connection state recovery with real processes (deploy/local/cluster.sh: Redis, 2 silos, 3 gateways, round-robin
/// nginx) and production timings: room subscribers with the official client, a publisher ticking every 100 ms, and a
/// node killed with <c>kill -9</c> under them. Every acked tick must arrive exactly once and in order, and every
/// client that lost its connection must get its socket back (same id, rooms kept).
/// </summary>
/// The gateway test runs first (all three gateways and both silos alive), then the silo test.
[Collection(RecoveryLocalClusterCollection.Name)]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed class ClusterRecoveryTests(RecoveryLocalCluster cluster, ITestOutputHelper output)
{
    // A pending GET that nginx resends to another gateway when the first one dies carries the same t: the session
    // gives it the packets the dead gateway took (EngineIoSessionGrain.Poll), so nothing is lost in that window.
    [Fact, Step(1)]
    public async Task Killing_the_gateway_carrying_websockets_loses_no_acked_tick_and_its_clients_recover_their_sockets()
    {
        using var clients = StartClients("wait", "10", "20");
        var stderr = clients.StandardError.ReadToEndAsync();
        var first = JsonDocument.Parse((await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(90)))!).RootElement;
        output.WriteLine(first.GetRawText());

        var killed = await BusiestGatewayAsync();
        cluster.Kill("gateway http://" + killed);

        var verdict = await VerdictAsync(clients, stderr, TimeSpan.FromSeconds(120));
        AssertNothingLost(verdict);
        var lost = Subscribers(verdict).Where(s => s.GetProperty("disconnects").GetArrayLength() > 0).ToArray();
        Assert.NotEmpty(lost);
        Assert.All(lost, AssertRecovered);
    }

    [Fact, Step(2)]
    public async Task Killing_the_silo_holding_sessions_loses_no_acked_tick_and_its_clients_recover_their_sockets()
    {
        // Production heartbeat: an idle WebSocket client of a dead silo notices within pingInterval + pingTimeout (45 s).
        using var clients = StartClients("wait", "10", "75");
        var stderr = clients.StandardError.ReadToEndAsync();
        var first = JsonDocument.Parse((await clients.StandardOutput.ReadLineAsync().Within(TimeSpan.FromSeconds(90)))!).RootElement;
        output.WriteLine(first.GetRawText());
        var silos = await SilosOfAsync(first.GetProperty("sids").EnumerateArray().Select(e => e.GetString()!));

        var victim = silos.Values.GroupBy(s => s).MaxBy(g => g.Count())!.Key;
        cluster.Kill(cluster.Pids.Keys.Single(k => k.StartsWith("silo-", StringComparison.Ordinal) && victim.Contains(":" + LocalCluster.SiloPort(int.Parse(k["silo-".Length..])) + ":")));

        var verdict = await VerdictAsync(clients, stderr, TimeSpan.FromSeconds(180));
        AssertNothingLost(verdict);
        var onVictim = Subscribers(verdict).Where(s => silos[s.GetProperty("sid").GetString()!] == victim).ToArray();
        Assert.NotEmpty(onVictim);
        Assert.All(onVictim, AssertRecovered);
    }

    private static void AssertRecovered(JsonElement subscriber)
    {
        var reconnects = subscriber.GetProperty("reconnects").EnumerateArray().ToArray();
        Assert.True(reconnects.Length >= 1, "reconnected: " + subscriber);
        Assert.All(reconnects, c => Assert.True(c.GetProperty("recovered").GetBoolean() && c.GetProperty("sameId").GetBoolean(), "recovered with the same id: " + subscriber));
        Assert.True(subscriber.GetProperty("ticksAfterLastReconnect").GetInt32() > 0, "still in the room without joining again: " + subscriber);
        Assert.True(subscriber.GetProperty("connected").GetBoolean(), "connected at the end: " + subscriber);
    }

    private static void AssertNothingLost(JsonElement r)
    {
        var verdict = r.GetRawText();
        Assert.True(r.GetProperty("acked").GetInt32() > 20, "the publisher's ticks were acked: " + verdict);
        Assert.True(r.GetProperty("outOfOrder").GetInt32() == 0, "out of order: " + verdict);
        Assert.True(r.GetProperty("duplicates").GetInt32() == 0, "twice: " + verdict);
        Assert.True(r.GetProperty("missingAcked").GetInt32() == 0, "acked but missing: " + verdict);
    }

    private static JsonElement[] Subscribers(JsonElement r) => [.. r.GetProperty("subscribers").EnumerateArray()];

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

    private async Task<JsonElement> VerdictAsync(Process clients, Task<string> stderr, TimeSpan bound)
    {
        var verdict = await clients.StandardOutput.ReadLineAsync().Within(bound);
        await clients.WaitForExitAsync().Within(TimeSpan.FromSeconds(10));
        output.WriteLine(verdict);
        Assert.True(clients.ExitCode == 0, $"{verdict} {await stderr}");
        return JsonDocument.Parse(verdict!).RootElement;
    }

    private Process StartClients(string mode, string subscribers, string seconds)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(Repository.Root, "tests", "interop"), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "recovery.mjs", mode, cluster.Balancer.ToString(), subscribers, seconds, "100" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }
}
