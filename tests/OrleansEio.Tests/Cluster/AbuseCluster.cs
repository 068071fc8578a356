using System.Diagnostics;
using System.Text.Json;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Cluster;

/// <summary>
/// The cluster the abuse suite attacks: deploy/local/cluster.sh with 2 silos, 3 gateways and nginx, like
/// <see cref="LocalCluster"/>, but with production settings throughout. LocalCluster shortens the heartbeat
/// (2 s / 2 s) and the long-poll segment for its fault tests; an abuse test on those timings would measure a
/// server nobody runs, so this fixture overrides nothing but the ports and the test apps switch.
/// </summary>
public sealed class AbuseCluster : IAsyncLifetime
{
    private static readonly string Abuse = Path.Combine(Repository.Root, "tests", "abuse");

    private readonly SemaphoreSlim _baselineOnce = new(1, 1);

    private double? _baselineP99;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "orleanseio-abuse-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists("/usr/bin/redis-server") && File.Exists("/usr/sbin/nginx"),
            "redis-server and nginx are needed: run `bash tests/run.sh` (or `apt-get install redis-server nginx`).");
        await InstallClientsAsync();
        // Up to 8 minutes: cluster.sh builds the Release hosts first, which on two loaded cores took over 4.
        await RunAsync("bash", Repository.Root, TimeSpan.FromMinutes(8), ClusterEnvironment(), Path.Combine(Repository.Root, "deploy", "local", "cluster.sh"), "up", "--silos", "2", "--gateways", "3");
    }

    public async Task DisposeAsync()
    {
        await RunAsync("bash", Repository.Root, TimeSpan.FromMinutes(1), ClusterEnvironment(), Path.Combine(Repository.Root, "deploy", "local", "cluster.sh"), "down");
        LocalCluster.KeepLogs(Directory, "orleanseio-abuse-last");
    }

    /// <summary>The honest load's p99 without any attack, measured once per cluster (the first test pays for it).</summary>
    public async Task<double> BaselineP99Async()
    {
        await _baselineOnce.WaitAsync().Within();
        try
        {
            _baselineP99 ??= (await PhasesAsync(TimeSpan.FromMinutes(2), "--attacks", "none", "--seconds", "8")).Single().GetProperty("honest").GetProperty("p99Ms").GetDouble();
            return _baselineP99.Value;
        }
        finally
        {
            _baselineOnce.Release();
        }
    }

    /// <summary>tests/abuse/run.mjs against this cluster: one JSON line per phase.</summary>
    public async Task<JsonElement[]> PhasesAsync(TimeSpan bound, params string[] arguments)
    {
        var output = await RunAsync("node", Abuse, bound, ClusterEnvironment(), ["run.mjs", "--cluster-dir", Directory, .. arguments]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
    }

    private static async Task InstallClientsAsync()
    {
        var installed = Path.Combine(Abuse, "node_modules", ".package-lock.json");
        if (!File.Exists(installed) || File.GetLastWriteTimeUtc(Path.Combine(Abuse, "package-lock.json")) > File.GetLastWriteTimeUtc(installed))
        {
            await RunAsync("npm", Abuse, TimeSpan.FromMinutes(3), new(), "ci", "--no-audit", "--no-fund");
        }
    }

    private static async Task<string> RunAsync(string file, string directory, TimeSpan bound, Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().Within(bound);
        }
        catch (TimeoutException)
        {
            // Nothing it started may outlive the test: a cluster.sh still building would take the next run's ports.
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {await stdout} {await stderr}");
        return await stdout;
    }

    // cluster.sh's ports on this checkout's range (as LocalCluster's), and the interop app, which production
    // settings switch off unless asked: the attacks speak its contract.
    private Dictionary<string, string> ClusterEnvironment() => new()
    {
        ["CLUSTER_DIR"] = Directory,
        ["LB_PORT"] = LocalCluster.LbPort.ToString(),
        ["GATEWAY_PORT"] = (LocalCluster.PortBase + 1).ToString(),
        ["SILO_HTTP_PORT"] = (LocalCluster.PortBase + 81).ToString(),
        ["SILO_PORT"] = LocalCluster.SiloPort(1).ToString(),
        ["SILO_GATEWAY_PORT"] = (LocalCluster.PortBase + 200).ToString(),
        ["REDIS_PORT"] = (LocalCluster.PortBase + 390).ToString(),
        ["TestApps__Enabled"] = "true",
    };
}

// Seven processes and a machine's worth of hostile traffic: this collection runs alone.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AbuseClusterCollection : ICollectionFixture<AbuseCluster>
{
    public const string Name = "abuse suite cluster";
}
