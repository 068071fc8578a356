using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace OrleansEio.LoadDriver;

/// <summary>
/// A minimal Socket.IO v5 client on the main namespace over an Engine.IO v4 WebSocket: answers pings,
/// emits with acks, counts the events it receives. Just enough protocol to drive a server hard.
/// </summary>
internal sealed class SioClient
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _acks = new();
    private readonly ConcurrentDictionary<string, int> _events = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextAck;

    private SioClient(ClientWebSocket socket) => _socket = socket;

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public int EventCount(string name) => _events.TryGetValue(name, out var count) ? count : 0;

    /// <summary>A WebSocket-only session: open packet, CONNECT to <c>/</c>, its answer.</summary>
    public static async Task<SioClient> ConnectWebSocketAsync(Uri url, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(WebSocketUrl(url, null), cancellationToken);
        var client = new SioClient(socket);
        var open = await client.ReceiveTextAsync(cancellationToken);
        if (open is null || !open.StartsWith('0'))
        {
            throw new InvalidOperationException($"expected an open packet, got {open}");
        }

        _ = client.ReceiveLoopAsync();
        await client.SendAsync("40", cancellationToken);
        await client._connected.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return client;
    }

    /// <summary>What a browser does: polling handshake, CONNECT over polling, then the WebSocket upgrade.</summary>
    public static async Task<SioClient> ConnectUpgradingAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        var polling = new Uri(url, "/socket.io/?EIO=4&transport=polling");
        var open = await http.GetStringAsync(polling, cancellationToken);
        var sid = JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        var session = new Uri(polling + "&sid=" + sid);
        using (var connect = await http.PostAsync(session, new StringContent("40"), cancellationToken))
        {
            connect.EnsureSuccessStatusCode();
        }

        var connected = await http.GetStringAsync(session, cancellationToken);
        if (!connected.StartsWith("40{", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"expected the CONNECT answer, got {connected}");
        }

        var socket = new ClientWebSocket();
        await socket.ConnectAsync(WebSocketUrl(url, sid), cancellationToken);
        var client = new SioClient(socket);
        await client.SendAsync("2probe", cancellationToken);
        var probe = await client.ReceiveTextAsync(cancellationToken);
        if (probe != "3probe")
        {
            throw new InvalidOperationException($"expected 3probe, got {probe}");
        }

        await client.SendAsync("5", cancellationToken);
        client._connected.TrySetResult();
        _ = client.ReceiveLoopAsync();
        return client;
    }

    public async Task EmitWithAckAsync(string eventName, CancellationToken cancellationToken, params string[] args)
    {
        var id = Interlocked.Increment(ref _nextAck);
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[id] = answered;
        await SendAsync("42" + id + JsonSerializer.Serialize((string[])[eventName, .. args]), cancellationToken);
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    public async Task CloseAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, bound.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // Closing is best effort: the server notices the socket going either way.
        }
        finally
        {
            _socket.Abort();
            _socket.Dispose();
        }
    }

    private static Uri WebSocketUrl(Uri url, string? sid)
        => new UriBuilder(new Uri(url, "/socket.io/?EIO=4&transport=websocket" + (sid is null ? string.Empty : "&sid=" + sid)))
        {
            Scheme = url.Scheme == "https" ? "wss" : "ws",
        }.Uri;

    private async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var count = 0;
        ValueWebSocketReceiveResult frame;
        do
        {
            if (count == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            frame = await _socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
            if (frame.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            count += frame.Count;
        }
        while (!frame.EndOfMessage);
        return Encoding.UTF8.GetString(buffer, 0, count);
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await ReceiveTextAsync(CancellationToken.None) is { } text)
            {
                Handle(text);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The socket ended; pending acks time out on their own bound.
        }
    }

    private void Handle(string text)
    {
        if (text == "2")
        {
            _ = SendAsync("3", CancellationToken.None);
        }
        else if (text.StartsWith("40", StringComparison.Ordinal))
        {
            _connected.TrySetResult();
        }
        else if (text.StartsWith("43", StringComparison.Ordinal))
        {
            var end = text.IndexOf('[');
            if (end > 2 && long.TryParse(text.AsSpan(2, end - 2), out var id) && _acks.TryRemove(id, out var answered))
            {
                answered.TrySetResult();
            }
        }
        else if (text.StartsWith("42[\"", StringComparison.Ordinal))
        {
            var end = text.IndexOf('"', 4);
            if (end > 4)
            {
                _events.AddOrUpdate(text[4..end], 1, static (_, n) => n + 1);
            }
        }
    }
}
