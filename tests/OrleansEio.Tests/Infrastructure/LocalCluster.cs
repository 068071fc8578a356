using System.Diagnostics;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// The real multi-process cluster of deploy/local/cluster.sh (redis, 2 silos, 3 gateways, round-robin nginx)
/// on a port range of its own, so it never meets a developer's running node. Every node serves <c>/metrics</c>
/// (<c>Telemetry:Prometheus:Enabled</c>), which a real Prometheus scrapes in the first of its tests.
/// </summary>
public class LocalCluster : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string> _environment;

    public LocalCluster()
        : this(new Dictionary<string, string> { ["Telemetry__Prometheus__Enabled"] = "true" })
    {
    }

    /// <summary>A cluster whose every host also gets <paramref name="environment"/> (nothing else changes the production defaults).</summary>
    protected LocalCluster(IReadOnlyDictionary<string, string> environment) => _environment = environment;

    /// <summary>
    /// First port of the cluster's range of 1000 (balancer; gateways +1..; silo health +81..; silo-to-silo +111..;
    /// silo gateways +200..; redis +390; the tests' own redis +391 and prometheus +392). <c>ORLEANSEIO_TEST_PORT_BASE</c> moves it, so two checkouts can run
    /// their cluster tests on one machine at once.
    /// </summary>
    public static int PortBase { get; } = int.TryParse(Environment.GetEnvironmentVariable("ORLEANSEIO_TEST_PORT_BASE"), out var configured) ? configured : 13000;

    public static int LbPort => PortBase;

    /// <summary>The silo-to-silo port of silo <paramref name="index"/> (from 1), as cluster.sh assigns it.</summary>
    public static int SiloPort(int index) => PortBase + 111 + index - 1;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "orleanseio-cluster-" + Guid.NewGuid().ToString("N")[..8]);

    public Uri Balancer { get; } = new($"http://127.0.0.1:{LbPort}/");

    /// <summary>Processes by kind and name, as <c>cluster.sh status</c> lists them.</summary>
    public Dictionary<string, int> Pids { get; } = [];

    /// <summary>Nodes a test killed or stopped, by their key in <see cref="Pids"/>.</summary>
    public HashSet<string> Gone { get; } = [];

    public string AccessLog => Path.Combine(Directory, "nginx-access.log");

    /// <summary>The admin endpoints' API key of this cluster's gateways.</summary>
    public string AdminKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>An HTTP client that may call the gateways' admin endpoints.</summary>
    public HttpClient AdminClient()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        return http;
    }

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists("/usr/bin/redis-server") && File.Exists("/usr/sbin/nginx"),
            "redis-server and nginx are needed: run `bash tests/run.sh` (or `apt-get install redis-server nginx`).");
        var output = await ScriptAsync(TimeSpan.FromMinutes(4), false, "up", "--silos", "2", "--gateways", "3");
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 4 && parts[2] == "pid")
            {
                Pids[parts[0] == "silo" ? parts[1] : parts[0] + " " + parts[1]] = int.Parse(parts[3]);
            }
        }

        Assert.Equal(7, Pids.Count);
        await WarmUpAsync();
    }

    /// <summary>
    /// A cluster that has just started answers its first grain calls slowly (JIT, the Redis grain directory), and
    /// readiness no longer calls a grain (it reads membership and connections), so nothing has warmed it: every
    /// gateway opens and closes sessions until 20 in a row succeed, before any test measures anything.
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var eio = new EioHttp();
        foreach (var gateway in LiveGateways())
        {
            var address = new Uri(gateway["gateway ".Length..] + "/");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            for (var succeeded = 0; succeeded < 20;)
            {
                var reply = await eio.GetAsync(EioHttp.Url(address, path: "/socket.io/"));
                if (reply.Status == 200)
                {
                    var sid = System.Text.Json.JsonDocument.Parse(reply.Body[1..]).RootElement.GetProperty("sid").GetString()!;
                    using var close = new StringContent("1", System.Text.Encoding.UTF8, "text/plain");
                    await eio.PostAsync(EioHttp.Url(address, sid, path: "/socket.io/"), close);
                    succeeded++;
                    continue;
                }

                succeeded = 0;
                Assert.True(DateTime.UtcNow < deadline, $"{gateway} did not open sessions within 120 s of start: {reply.Status} {reply.Body}");
                await Task.Delay(250);
            }
        }
    }

    public async Task DisposeAsync()
    {
        await ScriptAsync(TimeSpan.FromMinutes(1), false, "down");

        KeepLogs(Directory, "orleanseio-cluster-last");
    }

    /// <summary>
    /// Moves a finished cluster's node logs to <c>/tmp/<paramref name="keptName"/></c> (replacing the previous run's)
    /// and deletes its folder: the logs of the last run outlive it, for the post-mortem of a failed test.
    /// </summary>
    public static void KeepLogs(string clusterDirectory, string keptName)
    {
        var kept = Path.Combine(Path.GetTempPath(), keptName);
        if (System.IO.Directory.Exists(kept))
        {
            System.IO.Directory.Delete(kept, recursive: true);
        }

        System.IO.Directory.CreateDirectory(kept);
        foreach (var log in System.IO.Directory.GetFiles(clusterDirectory, "*.log"))
        {
            File.Copy(log, Path.Combine(kept, Path.GetFileName(log)));
        }

        System.IO.Directory.Delete(clusterDirectory, recursive: true);
    }

    /// <summary>
    /// What the balancer and the nodes saw go wrong so far: the balancer's answers other than 200 and 101 and the
    /// nodes' `fail:` lines (the last 15 of each). A failed assertion carries it, because CI keeps no files.
    /// </summary>
    public string Evidence()
    {
        static IEnumerable<string> Last(IEnumerable<string> lines) => lines.TakeLast(15);
        var access = Path.Combine(Directory, "nginx-access.log");
        var answers = File.Exists(access)
            ? Last(File.ReadLines(access).Where(l => !l.Contains(" 200 ", StringComparison.Ordinal) && !l.Contains(" 101 ", StringComparison.Ordinal)))
            : [];
        var failures = Last(System.IO.Directory.GetFiles(Directory, "*.log").Where(f => !Path.GetFileName(f).StartsWith("nginx", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => x.line.StartsWith("fail:", StringComparison.Ordinal))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {string.Join(" | ", File.ReadLines(x.f).Skip(x.i).Take(3))}"));
        return $"\nbalancer, not 200/101:\n{string.Join('\n', answers)}\nnode failures:\n{string.Join('\n', failures)}";
    }

    /// <summary>Where each live node's <c>/metrics</c> answers (host:port), by kind (<c>gateway</c>, <c>silo</c>), as cluster.sh recorded them.</summary>
    public Dictionary<string, string[]> MetricsTargets()
        => File.ReadLines(Path.Combine(Directory, "processes"))
            .Select(line => line.Split(' '))
            .Where(f => f[0] is "gateway" or "silo" && !Gone.Contains(f[0] == "silo" ? f[1] : f[0] + " " + f[3]))
            .GroupBy(f => f[0], f => new Uri(f[3]).Authority)
            .ToDictionary(g => g.Key, g => g.ToArray());

    public IEnumerable<string> LiveGateways() => Pids.Keys.Where(k => k.StartsWith("gateway ", StringComparison.Ordinal) && !Gone.Contains(k)).Order(StringComparer.Ordinal);

    /// <summary><c>kill -9</c>: no goodbye, no drain.</summary>
    public void Kill(string key)
    {
        Gone.Add(key);
        Process.GetProcessById(Pids[key]).Kill();
    }

    /// <summary>
    /// Watches the membership table in Redis (what the silos and the gateways read) until the silo with silo-to-silo port
    /// <paramref name="siloPort"/> is <c>Dead</c>; returns when that was first seen (Unix ms), polled every 10 ms.
    /// </summary>
    public async Task<long> DeclaredDeadAtAsync(int siloPort, TimeSpan bound)
    {
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{PortBase + 390}").Within();
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var table = server.Keys(pattern: "*/members/*").Single();
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            foreach (var row in await redis.GetDatabase().HashGetAllAsync(table))
            {
                if (row.Name.ToString().Contains($":{siloPort}:", StringComparison.Ordinal) && row.Value.ToString().Contains("\"Status\":6", StringComparison.Ordinal))
                {
                    return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"the silo on port {siloPort} was not declared dead within {bound}");
            await Task.Delay(10);
        }
    }

    /// <summary><c>cluster.sh add silo|gateway</c>: one more node, ready; returns its key in <see cref="Pids"/>.</summary>
    public async Task<string> AddAsync(string kind)
    {
        var parts = (await ScriptAsync(TimeSpan.FromMinutes(2), false, "add", kind)).Trim().Split('\n')[^1].Split(' ');
        var key = parts[0] == "silo" ? parts[1] : parts[0] + " " + parts[1];
        Pids[key] = int.Parse(parts[3]);
        return key;
    }

    /// <summary>Sends SIGTERM, as an orchestrator does before it removes a node, and waits until the process exits.</summary>
    public async Task TerminateAsync(string key, TimeSpan bound)
    {
        Gone.Add(key);
        var pid = Pids[key];
        using var process = Process.GetProcessById(pid);
        using var kill = Process.Start("kill", ["-TERM", pid.ToString()])!;
        await kill.WaitForExitAsync().Within();
        await process.WaitForExitAsync().Within(bound);
    }

    /// <summary><c>cluster.sh status</c>; it exits non-zero when a process is dead, which is what some tests look for.</summary>
    public Task<string> StatusAsync() => ScriptAsync(TimeSpan.FromSeconds(30), true, "status");

    private async Task<string> ScriptAsync(TimeSpan bound, bool allowFailure, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "deploy", "local", "cluster.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CLUSTER_DIR"] = Directory;
        start.Environment["LB_PORT"] = LbPort.ToString();
        start.Environment["GATEWAY_PORT"] = (PortBase + 1).ToString();
        start.Environment["SILO_HTTP_PORT"] = (PortBase + 81).ToString();
        start.Environment["SILO_PORT"] = SiloPort(1).ToString();
        start.Environment["SILO_GATEWAY_PORT"] = (PortBase + 200).ToString();
        start.Environment["REDIS_PORT"] = (PortBase + 390).ToString();

        // Every host gets these (cluster.sh passes its environment on): the admin endpoint that tells which silo
        // holds a session, the test apps, and what the fixture asks for. Timings are production's (heartbeat
        // 25 s / 20 s, long-poll segment, response timeout, failure detection): a fault test must pass with what users run.
        start.Environment["Gateway__Admin__Enabled"] = "true";
        start.Environment["Gateway__Admin__ApiKey"] = AdminKey;
        start.Environment["TestApps__Enabled"] = "true";
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within(bound);
        Assert.True(allowFailure || process.ExitCode == 0, $"cluster.sh {string.Join(' ', arguments)} failed: {await stdout} {await stderr}");
        return await stdout;
    }
}

// Seven processes and timing bounds: this collection runs alone, not beside the in-process clusters.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalClusterCollection : ICollectionFixture<LocalCluster>
{
    public const string Name = "local multi-process cluster";
}
