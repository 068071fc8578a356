using System.Diagnostics;
using System.Text.Json;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Interop;

/// <summary>Runs a script of tests/interop with Node against a live server and returns its JSON verdict.</summary>
internal static class NodeScript
{
    public static async Task<JsonElement> RunAsync(string script, params string[] arguments)
    {
        var folder = Path.Combine(Repository.Root, "tests", "interop");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules")),
            "tests/interop/node_modules is missing: run `npm ci --prefix tests/interop` (README, .ci/run).");

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().Within(TimeSpan.FromSeconds(40));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var output = (await stdout).Trim();
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}): {output} {await stderr}");
        return JsonDocument.Parse(output.Split('\n')[^1]).RootElement;
    }
}
