using System.Diagnostics;
using OrleansEio.Tests.Infrastructure;
using OrleansEio.Tests.Interop;

namespace OrleansEio.Tests.Samples;

/// <summary>
/// samples/Chat is built like a user's app: against the packed packages in artifacts/packages (tests/run.sh packs
/// them, with a version of its own), never against the repository's projects; then the official client talks to it.
/// </summary>
public sealed class ChatSampleTests
{
    private static string Packages => Path.Combine(Repository.Root, "artifacts", "packages");

    [Fact]
    public async Task The_sample_builds_against_the_packed_packages_and_serves_socket_io_clients()
    {
        var versionFile = Path.Combine(Packages, "version");
        Assert.True(File.Exists(versionFile), "artifacts/packages is empty: run `bash tests/run.sh`, which packs the packages first.");
        var version = (await File.ReadAllTextAsync(versionFile)).Trim();
        var output = Path.Combine(Path.GetTempPath(), "orleanseio-sample-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await RunAsync(TimeSpan.FromMinutes(4), "dotnet", "build", Path.Combine(Repository.Root, "samples", "Chat"), "-c", "Release", "-o", output, "-nologo", "-v", "q", $"-p:OrleansEioVersion={version}");
            Assert.True(File.Exists(Path.Combine(output, $"OrleansEio.AspNetCore.dll")));

            var port = FreePorts.Next();
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = output, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "Chat.dll", "--urls", $"http://127.0.0.1:{port}", "--Silo:Port", FreePorts.Next().ToString(), "--Silo:GatewayPort", FreePorts.Next().ToString() })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["Logging__LogLevel__Default"] = "Warning";
            using var sample = Process.Start(start)!;
            try
            {
                var address = new Uri($"http://127.0.0.1:{port}/");
                await Eventually.True(() => Answers(address), TimeSpan.FromSeconds(60), "the sample answers HTTP");

                var verdict = await ClientScript.NodeAsync("sample-chat.mjs", address.ToString());

                Assert.True(verdict.GetProperty("ok").GetBoolean());
                Assert.Equal("delivered", verdict.GetProperty("ack").GetString());
                Assert.Equal("hello", verdict.GetProperty("message").GetProperty("text").GetString());
                Assert.Equal(verdict.GetProperty("aliceId").GetString(), verdict.GetProperty("message").GetProperty("from").GetString());
                Assert.Equal("announcement", verdict.GetProperty("announcement").GetProperty("text").GetString());
            }
            finally
            {
                sample.Kill(entireProcessTree: true);
                await sample.WaitForExitAsync().Within();
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static async Task<bool> Answers(Uri address)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return (await http.GetAsync(address)).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task RunAsync(TimeSpan bound, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within(bound);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {await stdout} {await stderr}");
    }
}
