using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// An Engine.IO WebSocket client that reads its open packet and then nothing more. Its TCP receive buffer is small and
/// fixed (which also stops the kernel from growing it), so the server's writes stall after what the server's own send
/// buffer holds: a slow reader, as a paused or overwhelmed client is.
/// </summary>
internal sealed class SlowReaderClient : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private readonly HttpMessageInvoker _invoker;

    private SlowReaderClient(SocketsHttpHandler handler, HttpMessageInvoker invoker, ClientWebSocket socket, string sid)
    {
        _handler = handler;
        _invoker = invoker;
        Socket = socket;
        Sid = sid;
    }

    public ClientWebSocket Socket { get; }

    public string Sid { get; }

    public static async Task<SlowReaderClient> ConnectAsync(Uri gateway)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
                await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(tcp, ownsSocket: true);
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(EioHttp.Url(gateway, transport: "websocket")) { Scheme = "ws" }.Uri, invoker, CancellationToken.None).Within();
        var open = await EioHttp.ReceiveAsync(socket);
        return new SlowReaderClient(handler, invoker, socket, JsonDocument.Parse(open![1..]).RootElement.GetProperty("sid").GetString()!);
    }

    public void Dispose()
    {
        Socket.Dispose();
        _invoker.Dispose();
        _handler.Dispose();
    }
}
