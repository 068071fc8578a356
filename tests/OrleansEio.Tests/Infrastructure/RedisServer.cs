using System.Diagnostics;
using System.Net.Sockets;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>A real <c>redis-server</c> (Debian's) on a port of this run's range (<see cref="LocalCluster.PortBase"/> + 391), without persistence.</summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; } = LocalCluster.PortBase + 391;

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists("/usr/bin/redis-server"), "redis-server is needed: run `bash tests/run.sh` (or `apt-get install redis-server`).");
        var start = new ProcessStartInfo("/usr/bin/redis-server", ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        await Eventually.True(async () =>
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "redis-server listens");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().Within(TimeSpan.FromSeconds(10));
        }

        _process?.Dispose();
    }
}
