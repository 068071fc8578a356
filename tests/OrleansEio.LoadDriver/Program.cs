using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OrleansEio.LoadDriver;

// Load driver: speaks Socket.IO v5 over Engine.IO v4 on real sockets against any server with the interop
// app's contract (echo with ack, join, broadcast) and prints one JSON line of results.
//
//   dotnet OrleansEio.LoadDriver.dll <scenario> --url http://127.0.0.1:3000[,http://...] --pids 123[,456]
//       [--clients 50] [--window 4] [--seconds 10] [--size 32] [--requests 20000] [--kinds forged,malformed,oversized]
//
// Scenarios: echo, connect, fanout, idle, junk (requests no session can answer; JunkScenario.cs). With several URLs, clients are spread over them in turn.
// Server CPU is read from /proc/PID/stat of every pid given (summed), memory from /proc/PID/status.
var options = Options.Parse(args);
var server = new ServerProcesses(options.Pids);
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds * 4 + 120));
var result = options.Scenario switch
{
    "echo" => await Scenarios.EchoAsync(options, server, timeout.Token),
    "connect" => await Scenarios.ConnectAsync(options, server, timeout.Token),
    "fanout" => await Scenarios.FanoutAsync(options, server, timeout.Token),
    "idle" => await Scenarios.IdleAsync(options, server, timeout.Token),
    "junk" => await JunkScenario.RunAsync(options, server, timeout.Token),
    _ => throw new ArgumentException($"unknown scenario {options.Scenario}: echo, connect, fanout, idle or junk"),
};
result["scenario"] = options.Scenario;
Console.WriteLine(JsonSerializer.Serialize(result));

namespace OrleansEio.LoadDriver
{
    internal sealed record Options(string Scenario, Uri[] Urls, int[] Pids, int Clients, int Window, int Seconds, int Size, int Requests, string[] Kinds)
    {
        public static Options Parse(string[] args)
        {
            string Get(string name, string fallback)
            {
                var i = Array.IndexOf(args, "--" + name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }

            return new Options(
                args.Length > 0 ? args[0] : "echo",
                Get("url", "http://127.0.0.1:3000").Split(',').Select(u => new Uri(u)).ToArray(),
                Get("pids", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(),
                int.Parse(Get("clients", "50"), CultureInfo.InvariantCulture),
                int.Parse(Get("window", "4"), CultureInfo.InvariantCulture),
                int.Parse(Get("seconds", "10"), CultureInfo.InvariantCulture),
                int.Parse(Get("size", "32"), CultureInfo.InvariantCulture),
                int.Parse(Get("requests", "20000"), CultureInfo.InvariantCulture),
                Get("kinds", "forged,malformed,oversized").Split(',', StringSplitOptions.RemoveEmptyEntries));
        }

        public Uri Url(int client) => Urls[client % Urls.Length];
    }

    /// <summary>CPU time and resident memory of the server's processes, from /proc.</summary>
    internal sealed class ServerProcesses(int[] pids)
    {
        private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

        public TimeSpan CpuTime()
        {
            double ticks = 0;
            foreach (var pid in pids)
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }

            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }

        public long RssBytes()
        {
            long total = 0;
            foreach (var pid in pids)
            {
                var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }

            return total;
        }
    }

    internal static class Scenarios
    {
        private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);

        /// <summary>C clients on WebSocket, each keeping W echo emits-with-ack in flight.</summary>
        public static async Task<Dictionary<string, object>> EchoAsync(Options o, ServerProcesses server, CancellationToken cancellationToken)
        {
            var payload = new string('x', o.Size);
            var clients = await Task.WhenAll(Enumerable.Range(0, o.Clients).Select(i => SioClient.ConnectWebSocketAsync(o.Url(i), cancellationToken)));
            var latencies = new List<double>[o.Clients];
            // Warm-up (both runtimes compile their hot paths under load: .NET's tiered JIT needs a few seconds), then the measured window.
            await RunEchoAsync(clients, o.Window, payload, Warmup, new List<double>[o.Clients], cancellationToken);
            var cpu = server.CpuTime();
            var watch = Stopwatch.StartNew();
            var acked = await RunEchoAsync(clients, o.Window, payload, TimeSpan.FromSeconds(o.Seconds), latencies, cancellationToken);
            var elapsed = watch.Elapsed;
            var cpuUsed = server.CpuTime() - cpu;
            await Task.WhenAll(clients.Select(c => c.CloseAsync()));
            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new()
            {
                ["clients"] = o.Clients,
                ["window"] = o.Window,
                ["size"] = o.Size,
                ["msgPerSec"] = Math.Round(acked / elapsed.TotalSeconds),
                ["p50Ms"] = Percentile(all, 0.50),
                ["p99Ms"] = Percentile(all, 0.99),
                ["p999Ms"] = Percentile(all, 0.999),
                ["cpuUsPerOp"] = Math.Round(cpuUsed.TotalMicroseconds / Math.Max(1, acked), 2),
            };
        }

        private static async Task<long> RunEchoAsync(SioClient[] clients, int window, string payload, TimeSpan duration, List<double>[] latencies, CancellationToken cancellationToken)
        {
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            long acked = 0;
            await Task.WhenAll(clients.SelectMany((client, c) => Enumerable.Range(0, window).Select(async _ =>
            {
                latencies[c] ??= [];
                while (Stopwatch.GetTimestamp() < until)
                {
                    var start = Stopwatch.GetTimestamp();
                    await client.EmitWithAckAsync("echo", cancellationToken, payload);
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    lock (latencies[c])
                    {
                        latencies[c].Add(ms);
                    }

                    Interlocked.Increment(ref acked);
                }
            })));
            return acked;
        }

        /// <summary>Full session establishment: polling handshake, CONNECT, upgrade to WebSocket, one ack, close.</summary>
        public static async Task<Dictionary<string, object>> ConnectAsync(Options o, ServerProcesses server, CancellationToken cancellationToken)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var warm = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, o.Clients).Select(async i =>
            {
                while (warm.Elapsed < Warmup)
                {
                    var client = await SioClient.ConnectUpgradingAsync(http, o.Url(i), cancellationToken);
                    await client.EmitWithAckAsync("echo", cancellationToken, "warm");
                    await client.CloseAsync();
                }
            }));
            var durations = new List<double>();
            var cpu = server.CpuTime();
            var watch = Stopwatch.StartNew();
            var until = TimeSpan.FromSeconds(o.Seconds);
            await Task.WhenAll(Enumerable.Range(0, o.Clients).Select(async i =>
            {
                while (watch.Elapsed < until)
                {
                    var start = Stopwatch.GetTimestamp();
                    var client = await SioClient.ConnectUpgradingAsync(http, o.Url(i), cancellationToken);
                    await client.EmitWithAckAsync("echo", cancellationToken, "hello");
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    await client.CloseAsync();
                    lock (durations)
                    {
                        durations.Add(ms);
                    }
                }
            }));
            var elapsed = watch.Elapsed;
            var cpuUsed = server.CpuTime() - cpu;
            var sorted = durations.Order().ToArray();
            return new()
            {
                ["clients"] = o.Clients,
                ["sessionsPerSec"] = Math.Round(sorted.Length / elapsed.TotalSeconds, 1),
                ["p50Ms"] = Percentile(sorted, 0.50),
                ["p99Ms"] = Percentile(sorted, 0.99),
                ["cpuMsPerSession"] = Math.Round(cpuUsed.TotalMilliseconds / Math.Max(1, sorted.Length), 3),
            };
        }

        /// <summary>N clients in one room; one sender broadcasts (W in flight, acked once every silo queued it).</summary>
        public static async Task<Dictionary<string, object>> FanoutAsync(Options o, ServerProcesses server, CancellationToken cancellationToken)
        {
            var room = "bench-" + Guid.NewGuid().ToString("N")[..8];
            var clients = await Task.WhenAll(Enumerable.Range(0, o.Clients).Select(i => SioClient.ConnectWebSocketAsync(o.Url(i), cancellationToken)));
            await Task.WhenAll(clients.Select(c => c.EmitWithAckAsync("join", cancellationToken, room)));
            var sender = await SioClient.ConnectWebSocketAsync(o.Url(0), cancellationToken);
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < Warmup)
            {
                await sender.EmitWithAckAsync("broadcast", cancellationToken, room, "warm");
            }

            var cpu = server.CpuTime();
            var watch = Stopwatch.StartNew();
            long sent = 0;
            var until = TimeSpan.FromSeconds(o.Seconds);
            await Task.WhenAll(Enumerable.Range(0, o.Window).Select(async _ =>
            {
                while (watch.Elapsed < until)
                {
                    await sender.EmitWithAckAsync("broadcast", cancellationToken, room, "tick");
                    Interlocked.Increment(ref sent);
                }
            }));

            // Every member must get every broadcast; wait (bounded) for the last ones to arrive.
            var expected = sent;
            var drained = Stopwatch.StartNew();
            while (clients.Any(c => c.EventCount("tick") < expected) && drained.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20, cancellationToken);
            }

            var elapsed = watch.Elapsed;
            var cpuUsed = server.CpuTime() - cpu;
            var delivered = clients.Sum(c => c.EventCount("tick"));
            await Task.WhenAll(clients.Append(sender).Select(c => c.CloseAsync()));
            return new()
            {
                ["clients"] = o.Clients,
                ["broadcasts"] = sent,
                ["deliveriesPerSec"] = Math.Round(delivered / elapsed.TotalSeconds),
                ["missing"] = sent * o.Clients - delivered,
                ["cpuUsPerDelivery"] = Math.Round(cpuUsed.TotalMicroseconds / Math.Max(1, delivered), 2),
            };
        }

        /// <summary>N idle WebSocket sessions answering pings; memory per session from the servers' RSS.</summary>
        public static async Task<Dictionary<string, object>> IdleAsync(Options o, ServerProcesses server, CancellationToken cancellationToken)
        {
            // A few sessions first, so one-time costs (JIT, pools, the first grain of each kind) are not counted.
            var warm = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SioClient.ConnectWebSocketAsync(o.Url(i), cancellationToken)));
            await Task.WhenAll(warm.Select(c => c.EmitWithAckAsync("echo", cancellationToken, "warm")));
            await Task.Delay(2000, cancellationToken);
            var before = server.RssBytes();
            var clients = new List<SioClient>();
            for (var batch = 0; batch < o.Clients; batch += 100)
            {
                clients.AddRange(await Task.WhenAll(Enumerable.Range(batch, Math.Min(100, o.Clients - batch)).Select(i => SioClient.ConnectWebSocketAsync(o.Url(i), cancellationToken))));
            }

            await Task.Delay(TimeSpan.FromSeconds(o.Seconds), cancellationToken);
            var after = server.RssBytes();
            var alive = clients.Count(c => c.IsOpen);
            await Task.WhenAll(clients.Concat(warm).Select(c => c.CloseAsync()));
            return new()
            {
                ["clients"] = o.Clients,
                ["alive"] = alive,
                ["rssBeforeMb"] = Math.Round(before / 1048576.0, 1),
                ["rssAfterMb"] = Math.Round(after / 1048576.0, 1),
                ["kbPerSession"] = Math.Round((after - before) / 1024.0 / o.Clients, 1),
            };
        }

        private static double Percentile(double[] sorted, double p)
            => sorted.Length == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 3);
    }
}
