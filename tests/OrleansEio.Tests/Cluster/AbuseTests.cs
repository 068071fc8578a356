using System.Text.Json;
using OrleansEio.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansEio.Tests.Cluster;

/// <summary>
/// Issue #9's abuse suite: real hostile clients (tests/abuse/attacks, from 127.0.0.3) against the real cluster
/// while 50 honest socket.io-client sessions (from 127.0.0.2, half polling, half WebSocket) echo with acks and
/// broadcast to their rooms. For every attack the honest clients lose no ack, see no disconnect, keep their
/// p99 within twice the no-attack run's and get every room broadcast; the server grows by 100 MB at most.
/// </summary>
/// Each attack runs 8 s here (tests/abuse/run.mjs runs 15 s for docs/security.md). The pong attack runs 50 s
/// beside the other memory attacks: it has to outlive the production heartbeat (25 s + 20 s) to show whether
/// the server sees through it, and a phase of its own would cost CI those 50 s.
[Collection(AbuseClusterCollection.Name)]
public sealed class AbuseTests(AbuseCluster cluster, ITestOutputHelper output)
{
    // Memory and log do not meet their bar yet: the slow reader grew the servers by +107 to +301 MB (bar: 100) and
    // the log flood raised the honest p99 past twice the baseline at a load average above 30 (docs/security.md,
    // "Abuse suite"). Amplification and global passed in every run here, but only at load averages of 20 to 50,
    // where the p99 bound (twice a baseline of seconds) is loose; on a quiet machine the bound is the baseline plus
    // 50 ms, and they have not been run there. Issue #9 stays open until all five run in CI; cross-client runs in
    // CI today. These run with ORLEANSEIO_ABUSE_ALL=1.
    private const string OpenItem = "issue #9 (docs/security.md, Abuse suite)";

    private const string AllClasses = "ORLEANSEIO_ABUSE_ALL";

    private const int AttackSeconds = 8;

    private const double RssBudgetMb = 100;

    // A baseline p99 of a few milliseconds on two shared cores moves by tens of milliseconds between two
    // no-attack runs; twice noise is no bar, so the bound is at least the baseline plus this.
    private const double P99FloorMs = 50;

    [Fact]
    public async Task Null_rooms_wrong_types_and_repeated_connects_from_one_client_change_nothing_for_the_others()
        => await AttackClassAsync("cross-client", TimeSpan.FromMinutes(1));

    [OpenItemFact(OpenItem, AllClasses)]
    public async Task Clients_that_grow_server_memory_are_stopped_by_their_budgets_before_anyone_else_notices()
        => await AttackClassAsync("memory", TimeSpan.FromMinutes(5));

    [OpenItemFact(OpenItem, AllClasses)]
    public async Task Forged_and_malformed_sids_big_posts_and_readiness_probes_cost_honest_clients_nothing()
        => await AttackClassAsync("amplification", TimeSpan.FromMinutes(3));

    [OpenItemFact(OpenItem, AllClasses)]
    public async Task A_handshake_flood_from_one_address_leaves_clients_on_another_address_unharmed()
        => await AttackClassAsync("global", TimeSpan.FromMinutes(1));

    [OpenItemFact(OpenItem, AllClasses)]
    public async Task Handlers_throwing_thousands_of_times_a_second_neither_slow_others_nor_flood_the_logs()
    {
        var phases = await AttackClassAsync("log", TimeSpan.FromMinutes(1));

        // One line per session per failure kind, with a count: 16,000 failures make a few lines, not megabytes.
        Assert.All(phases, p => Assert.True(p.GetProperty("logMb").GetDouble() <= 1, $"the logs grew by {p.GetProperty("logMb")} MB during {p.GetProperty("attack")}"));
    }

    private async Task<JsonElement[]> AttackClassAsync(string attackClass, TimeSpan bound)
    {
        var baseline = await cluster.BaselineP99Async();
        var phases = await cluster.PhasesAsync(bound, "--class", attackClass, "--baseline-p99", baseline.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--seconds", AttackSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pong-seconds", "50", "--background", "pongs", "--settle", "1");
        var p99Bound = Math.Max(2 * baseline, baseline + P99FloorMs);
        output.WriteLine($"no-attack p99 {baseline} ms; bound {p99Bound} ms");
        var failures = new List<string>();
        foreach (var phase in phases)
        {
            output.WriteLine(phase.GetRawText());
            if (phase.TryGetProperty("skipped", out _))
            {
                continue;
            }

            var attack = phase.GetProperty("attack").GetString();
            var attacker = phase.GetProperty("attacker");
            if (phase.TryGetProperty("background", out _))
            {
                // The pong attack runs beside the others (it must outlive the 45 s heartbeat); it has only its own verdict.
                Check(attacker.TryGetProperty("aliveAtEnd", out var alive) && alive.GetInt32() == 0, $"{attack}: sessions that never received a ping outlived the heartbeat: {attacker}");
                Check(phase.GetProperty("alive").GetBoolean(), $"{attack}: a server process died");
                continue;
            }

            var honest = phase.GetProperty("honest");
            if (!honest.GetProperty("ok").GetBoolean())
            {
                failures.Add($"{attack}: the honest load failed: {honest}");
                continue;
            }

            Check(honest.GetProperty("lostAcks").GetInt32() == 0, $"{attack}: {honest.GetProperty("lostAcks")} acks lost");
            Check(honest.GetProperty("disconnects").GetInt32() == 0, $"{attack}: {honest.GetProperty("disconnects")} disconnects {honest.GetProperty("disconnectReasons")}");
            Check(honest.GetProperty("p99Ms").GetDouble() <= p99Bound, $"{attack}: p99 {honest.GetProperty("p99Ms")} ms, bound {p99Bound} ms (baseline {baseline} ms)");
            Check(honest.GetProperty("deliveredPct").GetDouble() == 100 && honest.GetProperty("foreign").GetInt32() == 0,
                $"{attack}: room broadcasts {honest.GetProperty("deliveredPct")} % delivered, {honest.GetProperty("foreign")} to a wrong room");
            Check(phase.GetProperty("rssGrowthMb").GetDouble() <= RssBudgetMb, $"{attack}: server RSS +{phase.GetProperty("rssGrowthMb")} MB (peak {phase.GetProperty("rssPeakMb")} MB)");
            Check(phase.GetProperty("alive").GetBoolean(), $"{attack}: a server process died");

            // An attacker that never ran proves nothing.
            if (attacker.ValueKind != JsonValueKind.Object || !attacker.TryGetProperty("attack", out _))
            {
                Check(phase.GetProperty("rssCapped").GetBoolean(), $"{attack}: the attacker gave no verdict: {attacker}");
                continue;
            }

            // Bad input gets the protocol's error; a 500 is an exception that escaped to the request.
            if (attacker.TryGetProperty("statuses", out var statuses) && statuses.TryGetProperty("500", out var errors))
            {
                failures.Add($"{attack}: {errors} answers were 500");
            }
        }

        Assert.NotEmpty(phases);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        return phases;

        void Check(bool ok, string failure)
        {
            if (!ok)
            {
                failures.Add(failure);
            }
        }
    }
}
