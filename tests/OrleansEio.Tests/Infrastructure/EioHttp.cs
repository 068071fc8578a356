using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using OrleansEio.Gateway;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>A raw Engine.IO client over HttpClient and ClientWebSocket, for steering each request to a chosen gateway.</summary>
internal sealed class EioHttp : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public sealed record Reply(int Status, string Body, string? Node);

    public static Uri Url(Uri gateway, string? sid = null, string transport = "polling", string path = "/engine.io/")
        => new(gateway, $"{path}?EIO=4&transport={transport}" + (sid is null ? string.Empty : "&sid=" + sid));

    public async Task<string> HandshakeAsync(Uri gateway)
    {
        var reply = await GetAsync(Url(gateway));
        Assert.Equal(200, reply.Status);
        Assert.StartsWith("0", reply.Body);
        return JsonDocument.Parse(reply.Body[1..]).RootElement.GetProperty("sid").GetString()!;
    }

    public Task<Reply> PollAsync(Uri gateway, string sid) => GetAsync(Url(gateway, sid));

    public async Task<Reply> GetAsync(Uri url, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(url, cancellationToken).Within(TimeSpan.FromSeconds(30));
        return await ReadAsync(response);
    }

    public async Task<Reply> PostAsync(Uri gateway, string sid, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        using var response = await _http.PostAsync(Url(gateway, sid), content).Within();
        return await ReadAsync(response);
    }

    public async Task<Reply> PostAsync(Uri url, HttpContent content)
    {
        using var response = await _http.PostAsync(url, content).Within();
        return await ReadAsync(response);
    }

    public static async Task<ClientWebSocket> ConnectAsync(Uri gateway, string? sid = null, string path = "/engine.io/")
    {
        var socket = new ClientWebSocket();
        var http = Url(gateway, sid, "websocket", path);
        await socket.ConnectAsync(new UriBuilder(http) { Scheme = "ws" }.Uri, CancellationToken.None).Within();
        return socket;
    }

    public static Task SendTextAsync(WebSocket socket, string text)
        => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).Within();

    /// <summary>The next whole message: its text (binary frames as base64 prefixed with <c>b</c>), or null when the socket closed.</summary>
    public static async Task<string?> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        var count = 0;
        ValueWebSocketReceiveResult frame;
        do
        {
            frame = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None).AsTask().Within();
            if (frame.MessageType == WebSocketMessageType.Close)
            {
                // Answer the server's close like a browser does, completing the close handshake.
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
                }

                return null;
            }

            count += frame.Count;
        }
        while (!frame.EndOfMessage);

        return frame.MessageType == WebSocketMessageType.Binary
            ? "b" + Convert.ToBase64String(buffer, 0, count)
            : Encoding.UTF8.GetString(buffer, 0, count);
    }

    private static async Task<Reply> ReadAsync(HttpResponseMessage response)
        => new((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Headers.TryGetValues(GatewayHost.NodeHeader, out var nodes) ? nodes.Single() : null);

    public void Dispose() => _http.Dispose();
}
