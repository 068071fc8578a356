using System.Net.WebSockets;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// One WebSocket's writes, each bounded by <see cref="EngineIoGatewayOptions.WriteTimeout"/>. A write the client does not
/// take in time is cancelled, which aborts the socket, and surfaces as <see cref="TimeoutException"/>.
/// </summary>
internal sealed class FrameWriter(WebSocket socket, TimeSpan timeout, CancellationToken stop) : IDisposable
{
    private readonly CancellationTokenSource _deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type)
    {
        _deadline.CancelAfter(timeout);
        try
        {
            await socket.SendAsync(data, type, endOfMessage: true, _deadline.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException && TimedOut)
        {
            throw new TimeoutException("The client did not read within the write timeout.", exception);
        }
        finally
        {
            _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Sends a close frame, when the socket may still send one.</summary>
    public async ValueTask CloseAsync(WebSocketCloseStatus status, string? reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        _deadline.CancelAfter(timeout);
        try
        {
            await socket.CloseOutputAsync(status, reason, _deadline.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException && TimedOut)
        {
            throw new TimeoutException("The client did not read within the write timeout.", exception);
        }
        finally
        {
            _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private bool TimedOut => _deadline.IsCancellationRequested && !stop.IsCancellationRequested;

    public void Dispose() => _deadline.Dispose();
}
