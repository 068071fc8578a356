using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) on a port of this run's range (<see cref="LocalCluster.PortBase"/> + 392),
/// scraping the given targets' <c>/metrics</c> every second, with its storage in a folder of its own. Queried through its
/// HTTP API, as a dashboard or an alert rule would.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<string?> _log = new();

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public static int Port => LocalCluster.PortBase + 392;

    /// <summary>Debian's binary: on PATH, or where the package puts it.</summary>
    public static string? Binary()
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "prometheus"))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// Starts Prometheus with one scrape job per entry of <paramref name="jobs"/> (job name → host:port targets) and the
    /// rule files given (it refuses to start on an invalid one), and waits until it is ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, string[]> jobs, params string[] ruleFiles)
    {
        var binary = Binary();
        Assert.True(binary is not null, "prometheus is needed: run `bash tests/run.sh` (or `apt-get install prometheus`).");
        var directory = Path.Combine(Path.GetTempPath(), "orleanseio-prometheus-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(jobs, ruleFiles)).Within();

        var start = new ProcessStartInfo(binary!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "--config.file=" + config,
                "--storage.tsdb.path=" + Path.Combine(directory, "data"),
                "--web.listen-address=127.0.0.1:" + Port,
                "--log.level=warn",
            },
        };
        var process = Process.Start(start)!;
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{Port}/"));

        // Read, so the pipes never fill; its last lines go into a failure's message.
        process.ErrorDataReceived += (_, line) => server._log.Enqueue(line.Data);
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await Eventually.True(server.ReadyAsync, TimeSpan.FromSeconds(30), "prometheus answers /-/ready");
        return server;
    }

    /// <summary>A 1 s scrape and evaluation interval: the test waits for figures, and a shorter wait is a shorter test.</summary>
    private static string Config(IReadOnlyDictionary<string, string[]> jobs, string[] ruleFiles)
        => "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
            + $"rule_files: [{string.Join(", ", ruleFiles.Select(f => $"'{f}'"))}]\n"
            + "scrape_configs:\n" + string.Concat(jobs.Select(job =>
                $"  - job_name: {job.Key}\n    static_configs:\n      - targets: [{string.Join(", ", job.Value.Select(t => $"'{t}'"))}]\n"));

    private async Task<bool> ReadyAsync()
    {
        Assert.False(_process.HasExited, "prometheus exited: " + Log());
        try
        {
            using var response = await _http.GetAsync("-/ready").Within();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Waits until every target has been scraped and is up; fails with each target's last error after <paramref name="bound"/>.</summary>
    public async Task AllTargetsUpAsync(int targets, TimeSpan bound)
    {
        var last = string.Empty;
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var active = (await GetAsync("api/v1/targets")).GetProperty("activeTargets").EnumerateArray().ToArray();
            if (active.Length == targets && active.All(t => t.GetProperty("health").GetString() == "up"))
            {
                return;
            }

            last = string.Join("; ", active.Select(t => $"{t.GetProperty("scrapeUrl")} {t.GetProperty("health")} {t.GetProperty("lastError")}"));
            Assert.True(DateTime.UtcNow < deadline, $"not every target of Prometheus was up within {bound}: {last}");
            await Task.Delay(100);
        }
    }

    /// <summary>An instant query whose answer is one number: the value of its single series, 0 when there is none.</summary>
    public async Task<double> ScalarAsync(string promql)
    {
        var result = (await GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql))).GetProperty("result").EnumerateArray().ToArray();
        Assert.True(result.Length <= 1, $"{promql} has {result.Length} series; ask for one (sum it)");
        return result.Length == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Waits until every loaded rule has been evaluated, and returns those whose evaluation failed (name: error); fails
    /// when no rule was loaded.
    /// </summary>
    public async Task<string[]> BrokenRulesAsync(TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var rules = (await GetAsync("api/v1/rules")).GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToArray();
            Assert.NotEmpty(rules);
            if (rules.All(r => r.GetProperty("health").GetString() != "unknown"))
            {
                return [.. rules.Where(r => r.GetProperty("health").GetString() != "ok").Select(r => $"{r.GetProperty("name")}: {r.GetProperty("lastError")}")];
            }

            Assert.True(DateTime.UtcNow < deadline, $"Prometheus did not evaluate every rule within {bound}");
            await Task.Delay(200);
        }
    }

    /// <summary>Every metric name Prometheus holds (<c>/api/v1/label/__name__/values</c>).</summary>
    public async Task<HashSet<string>> MetricNamesAsync()
        => (await GetAsync("api/v1/label/__name__/values")).EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal);

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path).Within();
        var body = await response.Content.ReadAsStringAsync().Within();
        Assert.True(response.IsSuccessStatusCode, $"prometheus answered {(int)response.StatusCode} to {path}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("data").Clone();
    }

    private string Log() => string.Join('\n', _log.TakeLast(10));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().Within(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
