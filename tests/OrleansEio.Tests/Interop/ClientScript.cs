using System.Diagnostics;
using System.Text.Json;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Interop;

/// <summary>Runs a client script of tests/interop (Node or Debian's Python) against a live server and returns its JSON verdict.</summary>
internal static class ClientScript
{
    private static string Folder => Path.Combine(Repository.Root, "tests", "interop");

    public static Task<JsonElement> NodeAsync(string script, params string[] arguments) => NodeAsync(script, TimeSpan.FromSeconds(40), arguments);

    public static Task<JsonElement> NodeAsync(string script, TimeSpan bound, params string[] arguments)
    {
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules")),
            "tests/interop/node_modules is missing: run `bash tests/run.sh` (or `npm ci --prefix tests/interop`).");
        return RunAsync("node", script, arguments, bound);
    }

    /// <summary>Debian's interpreter on purpose: python3-socketio is installed for it, not for other Pythons on PATH.</summary>
    public static Task<JsonElement> PythonAsync(string script, params string[] arguments)
    {
        Assert.True(File.Exists("/usr/bin/python3") && Directory.Exists("/usr/lib/python3/dist-packages/socketio"),
            "python3-socketio is missing: run `bash tests/run.sh` (or `apt-get install python3-socketio python3-websocket python3-requests`).");
        return RunAsync("/usr/bin/python3", script, arguments, TimeSpan.FromSeconds(40));
    }

    private static async Task<JsonElement> RunAsync(string program, string script, string[] arguments, TimeSpan bound)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
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
            await process.WaitForExitAsync().Within(bound);
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
