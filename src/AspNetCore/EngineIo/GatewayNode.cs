using OrleansEio.Sessions;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>This gateway as an observer sessions can ping; its reference is made at start-up, outside any grain.</summary>
internal sealed class GatewayNode(IGrainFactory grains, IConfiguration configuration) : IGatewayNode, IHostedService
{
    private readonly string _name = configuration["Node:Name"] ?? $"{Environment.MachineName}:{Environment.ProcessId}";
    private int _webSockets;

    /// <summary>WebSockets this gateway carries right now (they end with it; polling sessions do not).</summary>
    public int WebSockets => Volatile.Read(ref _webSockets);

    internal void WebSocketOpened() => Interlocked.Increment(ref _webSockets);

    internal void WebSocketClosed() => Interlocked.Decrement(ref _webSockets);

    public IGatewayNode? Reference { get; private set; }

    public Task<string> Ping() => Task.FromResult(_name);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Reference = grains.CreateObjectReference<IGatewayNode>(this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
