using System.Net.WebSockets;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// One WebSocket's writes, each bounded by <see cref="EngineIoGatewayOptions.WriteTimeout"/>. A write the client does not
/// take in time is cancelled, which aborts the socket, and surfaces as <see cref="TimeoutException"/>. While a write
/// waits for the client, <see cref="WhenIdle"/> tells the socket's reader to wait too: a client that does not read what
/// it asked for is not read from either, so it cannot make the server queue more for it.
/// </summary>
internal sealed class FrameWriter : IDisposable
{
    private readonly WebSocket _socket;
    private readonly TimeSpan _timeout;

    // The timer on its own, so a timeout is told apart from the stop that the aborted socket itself causes.
    private readonly CancellationTokenSource _timer = new();
    private readonly CancellationTokenSource _deadline;

    // The write the client has not taken yet; null while writes complete as they are made.
    private Task? _pending;

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
            var send = _socket.SendAsync(data, type, endOfMessage: true, _deadline.Token);
            if (send.IsCompleted)
            {
                // The socket's buffer took it: the common case, with nothing to allocate.
                send.GetAwaiter().GetResult();
            }
            else
            {
                var waiting = send.AsTask();
                Volatile.Write(ref _pending, waiting);
                await waiting;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException && TimedOut)
        {
            throw new TimeoutException("The client did not read within the write timeout.", exception);
        }
        finally
        {
            Volatile.Write(ref _pending, null);
            _timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Completes once no write is waiting for the client (at once when none is), or when <paramref name="cancellationToken"/>
    /// fires. Never throws: how the write ended is the writer's business. Bounded by the write timeout.
    /// </summary>
    public async ValueTask WhenIdle(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _pending) is { } pending)
        {
            await pending.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
