using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// The silo host (src/Silo, built with the tests in their configuration) as its own process, as an operator starts it:
/// Production environment, localhost clustering on free ports, its configuration from the environment. Its console
/// output is kept line by line.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private SiloProcess(Process process, Uri address, Uri management)
    {
        _process = process;
        Address = address;
        ManagementAddress = management;
    }

    /// <summary>The application port (<c>Urls</c>).</summary>
    public Uri Address { get; }

    /// <summary><c>Silo:ManagementPort</c>, where health, metrics and the dashboard answer.</summary>
    public Uri ManagementAddress { get; }

    /// <summary>Its standard output so far (the console logger's), line by line.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        // bin/<Configuration>/net10.0 of the tests: the silo was built beside them (ProjectReference, not referenced).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var directory = Path.Combine(Repository.Root, "src", "Silo", "bin", configuration, "net10.0");
        Assert.True(File.Exists(Path.Combine(directory, "OrleansEio.Silo.dll")), $"the silo host is not built in {directory}");

        var (http, management) = (FreePorts.Next(), FreePorts.Next());
        var start = new ProcessStartInfo("dotnet", ["OrleansEio.Silo.dll"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = $"http://127.0.0.1:{http}";
        start.Environment["Silo__ManagementPort"] = management.ToString();
        start.Environment["Cluster__SiloPort"] = FreePorts.Next().ToString();
        start.Environment["Cluster__GatewayPort"] = FreePorts.Next().ToString();
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var silo = new SiloProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{http}/"), new Uri($"http://127.0.0.1:{management}/"));
        silo._process.OutputDataReceived += (_, line) => Keep(silo._output, line.Data);
        silo._process.ErrorDataReceived += (_, line) => Keep(silo._errors, line.Data);
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.True(async () =>
        {
            Assert.False(silo._process.HasExited, "the silo exited: " + string.Join('\n', silo._output.Concat(silo._errors).TakeLast(20)));
            try
            {
                using var response = await client.GetAsync(new Uri(silo.ManagementAddress, "/readyz"));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the silo is ready");
        return silo;
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().Within(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
