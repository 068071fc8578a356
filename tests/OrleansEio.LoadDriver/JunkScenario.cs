using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace OrleansEio.LoadDriver;

/// <summary>
/// What refusing junk costs the server (issue #9, item 10): a fixed number of requests that no session can
/// answer, <c>--clients</c> in flight, and the server's CPU time divided by the requests. Three kinds: a GET
/// with a forged sid shaped like a real one, a GET whose sid is malformed (any length, any byte), and a POST
/// whose body is over <c>maxHttpBufferSize</c> to an unknown sid (<c>--kinds</c> picks some, e.g. to profile one).
/// Each kind is first sent for 5 s (the other scenarios warm up for 5 s too), then each is measured.
/// </summary>
internal static class JunkScenario
{
    // Per kind, as long as the other scenarios warm up: both runtimes compile their hot paths under load first. A
    // thousand requests (a fifth of a second) were not enough: on a fresh embedded server the tiered JIT's background
    // thread then took 40 % of the server CPU of the measured window (perf, 2026-11-30), and a GET cost twice what it
    // costs the same server a minute later.
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);

    // Over the default maxHttpBufferSize (1,000,000) by one byte: refused whatever the server checks first.
    private static readonly byte[] Oversized = Encoding.ASCII.GetBytes("4" + new string('j', 1_000_000));

    public static async Task<Dictionary<string, object>> RunAsync(Options o, ServerProcesses server, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var result = new Dictionary<string, object> { ["clients"] = o.Clients, ["requests"] = o.Requests };
        var kinds = new[] { ("forged", o.Requests), ("malformed", o.Requests), ("oversized", Math.Max(1, o.Requests / 10)) }.Where(k => o.Kinds.Contains(k.Item1)).ToArray();

        // Every kind warms up before any is measured: the first kind measured is then not the one that pays for the
        // runtime still compiling the code every kind shares (Kestrel, routing, the endpoint).
        foreach (var (name, _) in kinds)
        {
            await SendAsync(http, o, name, int.MaxValue, Stopwatch.GetTimestamp() + (long)(Warmup.TotalSeconds * Stopwatch.Frequency), cancellationToken);
        }

        foreach (var (name, requests) in kinds)
        {
            var cpu = server.CpuTime();
            var watch = Stopwatch.StartNew();
            var statuses = await SendAsync(http, o, name, requests, long.MaxValue, cancellationToken);
            var elapsed = watch.Elapsed;
            var cpuUsed = server.CpuTime() - cpu;
            result[name + "Us"] = Math.Round(cpuUsed.TotalMicroseconds / requests, 1);
            result[name + "PerSec"] = Math.Round(requests / elapsed.TotalSeconds);
            result[name + "Statuses"] = string.Join(",", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}"));
        }

        return result;
    }

    /// <summary>Up to <paramref name="requests"/> requests of one kind, <c>--clients</c> in flight, none started after <paramref name="until"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    private static async Task<Dictionary<string, int>> SendAsync(HttpClient http, Options o, string kind, int requests, long until, CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, int>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, o.Clients).Select(async client =>
        {
            while (Interlocked.Increment(ref next) < requests && Stopwatch.GetTimestamp() < until)
            {
                var status = await OneAsync(http, o.Url(client), kind, cancellationToken);
                lock (statuses)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                }
            }
        }));
        return statuses;
    }

    private static async Task<string> OneAsync(HttpClient http, Uri server, string kind, CancellationToken cancellationToken)
    {
        var url = new Uri(server, "/socket.io/?EIO=4&transport=polling&sid=" + (kind == "malformed" ? MalformedSid() : ForgedSid()));
        using var request = new HttpRequestMessage(kind == "oversized" ? HttpMethod.Post : HttpMethod.Get, url);
        if (kind == "oversized")
        {
            request.Content = new ByteArrayContent(Oversized);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return ((int)response.StatusCode).ToString();
        }
        catch (HttpRequestException exception)
        {
            // A server may answer and close before it read the whole oversized body: refused all the same.
            return exception.HttpRequestError.ToString();
        }
    }

    private static string ForgedSid()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>1 to 300 random bytes, percent-encoded: no server can mistake it for a sid.</summary>
    private static string MalformedSid()
    {
        var bytes = RandomNumberGenerator.GetBytes(1 + RandomNumberGenerator.GetInt32(300));
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            text.Append('%').Append(b.ToString("X2"));
        }

        return text.ToString();
    }
}
