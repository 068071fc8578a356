using System.Net.WebSockets;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// One WebSocket's writes, each bounded by <see cref="EngineIoGatewayOptions.WriteTimeout"/>. A write the client does not
/// take in time is cancelled, which aborts the socket, and surfaces as <see cref="TimeoutException"/>.
/// </summary>
internal sealed class FrameWriter : IDisposable
{
    private readonly WebSocket _socket;
    private readonly TimeSpan _timeout;

    // The timer on its own, so a timeout is told apart from the stop that the aborted socket itself causes.
    private readonly CancellationTokenSource _timer = new();
    private readonly CancellationTokenSource _deadline;

    public FrameWriter(WebSocket socket, TimeSpan timeout, CancellationToken stop)
    {
        _socket = socket;
        _timeout = timeout;
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(stop, _timer.Token);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type)
    {
        _timer.CancelAfter(_timeout);
        try
        {
            await _socket.SendAsync(data, type, endOfMessage: true, _deadline.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException && TimedOut)
        {
            throw new TimeoutException("The client did not read within the write timeout.", exception);
        }
        finally
        {
            _timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Sends a close frame, when the socket may still send one.</summary>
    public async ValueTask CloseAsync(WebSocketCloseStatus status, string? reason)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        _timer.CancelAfter(_timeout);
        try
        {
            await _socket.CloseOutputAsync(status, reason, _deadline.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException && TimedOut)
        {
            throw new TimeoutException("The client did not read within the write timeout.", exception);
        }
        finally
        {
            _timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private bool TimedOut => _timer.IsCancellationRequested;

    public void Dispose()
    {
        _deadline.Dispose();
        _timer.Dispose();
    }
}
