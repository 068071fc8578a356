using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansEio.Diagnostics;
using OrleansEio.Gateway.EngineIo;
using OrleansEio.Sessions;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>
/// The gateway's two transports on a real Kestrel listener, in front of <see cref="FakeSession"/>s instead of a cluster:
/// <c>/eio/?sid=…</c> is a long-poll GET, a POST, or a WebSocket (joining the session as an upgrade would).
/// </summary>
public sealed class TransportHost : IAsyncLifetime
{
    /// <summary>Short, so a slow reader is found quickly; writes to a reading client take microseconds.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, FakeSession> _sessions = new();
    private WebApplication _app = null!;

    public Uri Address { get; private set; } = null!;

    internal SiloLossWatch Losses => _app.Services.GetRequiredService<SiloLossWatch>();

    internal (string Sid, FakeSession Session) NewSession()
    {
        var sid = Guid.NewGuid().ToString("N");
        var session = new FakeSession();
        _sessions[sid] = session;
        return (sid, session);
    }

    public Uri Url(string sid) => new(Address, "/eio/?sid=" + sid);

    public Uri WebSocketUrl(string sid) => new UriBuilder(Url(sid)) { Scheme = "ws" }.Uri;

    /// <summary>An HTTP client whose sockets take at most 16 KB before the server's writes stall (a client that stops reading).</summary>
    public static SocketsHttpHandler SmallReceiveBuffer() => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            // Set before connecting, which also stops the kernel from growing the buffer.
            var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
            await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(tcp, ownsSocket: true);
        },
    };

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton<ISessionGrains>(new Lookup(_sessions));
        services.Configure<EngineIoGatewayOptions>(o => o.WriteTimeout = WriteTimeout);
        services.AddMetrics();
        services.AddSingleton<EngineIoMetrics>();
        services.AddSingleton<GatewayMetrics>();

        // Never started, so it makes no reference: the fake sessions are told no gateway, as a node they cannot ping.
        services.AddSingleton(sp => new GatewayNode(grains: null!, sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<SiloLossWatch>();
        services.AddSingleton<SessionCallPolicy>();
        services.AddSingleton<PollingTransport>();
        services.AddSingleton<WebSocketTransport>();

        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/eio/", Route);
        await _app.StartAsync().Within(TimeSpan.FromSeconds(30));
        Address = new Uri(_app.Urls.Single());
    }

    private static Task Route(HttpContext context)
    {
        var sid = context.Request.Query["sid"].ToString();
        var services = context.RequestServices;
        return HttpMethods.IsPost(context.Request.Method)
            ? services.GetRequiredService<PollingTransport>().PostAsync(context, sid)
            : context.WebSockets.IsWebSocketRequest
                ? services.GetRequiredService<WebSocketTransport>().UpgradeAsync(context, sid)
                : services.GetRequiredService<PollingTransport>().PollAsync(context, sid);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync().Within(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }

    private sealed class Lookup(ConcurrentDictionary<string, FakeSession> sessions) : ISessionGrains
    {
        public IEngineIoSessionGrain Get(string sid) => sessions[sid];
    }
}
