using System.Net.WebSockets;
using CommunityToolkit.HighPerformance.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// WebSocket transport: a direct handshake or an upgrade. Two loops per socket: receive (socket → grain)
/// and pump (grain → socket). The pump is the socket's only writer, so frames leave in the order the
/// session handed them out, and it also performs the close the session decides on. Buffers are rented per
/// message and returned once it is decoded or sent: no buffer lives with the socket and keeps the size of its
/// largest message. Every write is bounded by <see cref="EngineIoGatewayOptions.WriteTimeout"/>.
/// </summary>
internal sealed partial class WebSocketTransport(
    ISessionGrains sessions,
    IOptions<EngineIoOptions> options,
    IOptions<EngineIoGatewayOptions> gateway,
    IHostApplicationLifetime lifetime,
    GatewayNode node,
    SessionCallPolicy calls,
    GatewayMetrics metrics,
    ILogger<WebSocketTransport> logger)
{
    // How long a socket may take to finish its close handshake once either side decided to close.
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    // What a message's buffer starts at: most Engine.IO packets fit, and it doubles (re-rented) for larger ones.
    private const int InitialReceiveBuffer = 4096;

    public async Task HandshakeAsync(HttpContext context, string sid, EngineIoHandshake handshake)
    {
        var session = sessions.Get(sid);
        var connection = Guid.NewGuid();
        var result = await session.Open(new OpenRequest(handshake.Path, connection, handshake));
        if (result.Error is { } error)
        {
            await WireErrors.WriteAsync(context, metrics, error, result.Message);
            return;
        }

        Handshakes.SetSessionCookie(context, options.Value.Cookie, sid);
        await RunAsync(context, session, sid, connection, "0" + result.OpenPacket);
    }

    public async Task UpgradeAsync(HttpContext context, string sid)
    {
        var session = sessions.Get(sid);
        var connection = Guid.NewGuid();
        switch (await session.BeginUpgrade(connection))
        {
            case null:
                break;
            case EngineIoErrorCode.UnknownSid:
                await WireErrors.WriteAsync(context, metrics, EngineIoErrorCode.UnknownSid);
                return;
            default:
                // The session exists but is upgraded or upgrading already: like the reference server,
                // accept the socket and close it with a reason, so the client sees a clean close.
                using (var refused = await context.WebSockets.AcceptWebSocketAsync())
                {
                    Log.UpgradeRefused(logger, sid);
                    await CloseAsync(refused, WebSocketCloseStatus.PolicyViolation, "transport already upgraded or upgrading", context.RequestAborted);
                }

                return;
        }

        await RunAsync(context, session, sid, connection, openPacket: null);
    }

    private async Task RunAsync(HttpContext context, IEngineIoSessionGrain session, string sid, Guid connection, string? openPacket)
    {
        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync();
        }
        catch
        {
            await session.TransportClosed(connection);
            throw;
        }

        node.WebSocketOpened();
        try
        {
            await RunAcceptedAsync(context, socket, session, sid, connection, openPacket);
        }
        finally
        {
            node.WebSocketClosed();
        }
    }

    private async Task RunAcceptedAsync(HttpContext context, WebSocket socket, IEngineIoSessionGrain session, string sid, Guid connection, string? openPacket)
    {
        using (socket)
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        using (var pumpStop = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, lifetime.ApplicationStopping))
        using (var writer = new FrameWriter(socket, gateway.Value.WriteTimeout, pumpStop.Token))
        {
            if (openPacket is not null)
            {
                var open = System.Text.Encoding.UTF8.GetBytes(openPacket);
                metrics.WebSocket.Sent(1, open.Length);
                await writer.SendAsync(open, WebSocketMessageType.Text);
            }

            var pumping = PumpAsync(writer, session, sid, connection, pumpStop.Token);
            var receiving = ReceiveAsync(socket, writer, session, sid, connection, stop.Token);
            var first = await Task.WhenAny(pumping, receiving);

            // From here on, closing may take only so long, whoever started it.
            stop.CancelAfter(CloseGrace);
            if (first == receiving)
            {
                // The client closed or broke the socket, or the session refused its packets: the session
                // decides what that means (it ends the session or abandons an upgrade), then the pump closes.
                await Quietly(session.TransportClosed(connection), sid);
            }
            else if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // This gateway is stopping and the pump, the socket's only writer, has let go: say so with
                // 1001 (as a browser leaving a page does) so the client reconnects elsewhere at once.
                await Quietly(session.TransportClosed(connection), sid);
                await Quietly(CloseAsync(socket, WebSocketCloseStatus.EndpointUnavailable, "server shutting down", stop.Token), sid);
            }

            await Quietly(pumping, sid);
            await Quietly(receiving, sid);
            if (socket.State == WebSocketState.CloseSent)
            {
                // The receive loop stopped before the client answered our close frame (it refused garbage
                // or an oversized message): read on until it does, so the client sees a clean close.
                await Quietly(AwaitCloseFrameAsync(socket, stop.Token), sid);
            }
            if (socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
            {
                socket.Abort();
            }
        }
    }

    private async Task PumpAsync(FrameWriter writer, IEngineIoSessionGrain session, string sid, Guid connection, CancellationToken cancellationToken)
    {
        try
        {
            await PumpFramesAsync(writer, session, sid, connection, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A slow reader: the client stopped reading and the socket's send buffer is full. The socket was aborted
            // (nothing more can be written to it, not even a close frame); the session ends with a transport error.
            Log.SlowReader(logger, sid);
            metrics.SlowReader();
            await session.Fail(connection, "transport error");
        }
    }

    private async Task PumpFramesAsync(FrameWriter writer, IEngineIoSessionGrain session, string sid, Guid connection, CancellationToken cancellationToken)
    {
        // Pulls are numbered: one sent again after its answer was lost gets that answer again.
        for (var sequence = 1L; !cancellationToken.IsCancellationRequested; sequence++)
        {
            PullResult result;
            var number = sequence;
            try
            {
                result = await calls.SendAsync(SessionCall.Pull, sid, () => session.Pull(connection, number), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The session's silo is gone or unreachable: the client reconnects, as after a server restart. (A session
                // whose silo died answers "session unknown" from a fresh activation instead, and the socket closes below.)
                Log.PullFailed(logger, exception);
                await writer.CloseAsync(WebSocketCloseStatus.InternalServerError, "session unavailable");
                return;
            }

            long bytes = 0;
            foreach (var packet in result.Packets)
            {
                if (packet.IsBinary)
                {
                    bytes += packet.Binary!.Length;
                    await writer.SendAsync(packet.Binary, WebSocketMessageType.Binary);
                }
                else
                {
                    using var frame = new ArrayPoolBufferWriter<byte>(256);
                    EngineIoWriter.WriteText(packet, frame);
                    bytes += frame.WrittenCount;
                    await writer.SendAsync(frame.WrittenMemory, WebSocketMessageType.Text);
                }
            }

            if (result.Packets.Length > 0)
            {
                metrics.WebSocket.Sent(result.Packets.Length, bytes);
            }
            else if (!result.Close)
            {
                // The session's bounded wait ended with nothing to send: the next pull asks again.
                metrics.Reissued(SessionCall.Pull, lost: false);
            }

            if (result.Close)
            {
                Log.Closing(logger, sid, result.Reason);
                await writer.CloseAsync(WebSocketCloseStatus.NormalClosure, result.Reason);
                return;
            }
        }
    }

    /// <summary>
    /// Reads frames and hands them to the session. Frames already buffered on the socket go to the grain
    /// in one call (at most 64 frames or <c>MaxHttpBufferSize</c> bytes): fewer calls under load, and frames the
    /// client wrote together (<c>2probe</c> then <c>5</c>) are judged together, before any request that arrived
    /// after them. Reading waits while a write waits for the client (flow control): a client that stops reading
    /// what it asked for cannot make the server queue more, whatever it keeps sending.
    /// </summary>
    private async Task ReceiveAsync(WebSocket socket, FrameWriter writer, IEngineIoSessionGrain session, string sid, Guid connection, CancellationToken cancellationToken)
    {
        const int MaxBatch = 64;
        var limit = options.Value.MaxHttpBufferSize;
        var batch = new List<EnginePacket>();
        long batchBytes = 0;
        var batches = new Batches(sid);
        while (true)
        {
            var idle = writer.WhenIdle(cancellationToken);
            if (!idle.IsCompleted)
            {
                // The client is not taking what it was sent: what was read goes now, then nothing more is read until
                // it takes it (or the write timeout ends the session).
                if (!await DeliverAsync(session, connection, batch, batches))
                {
                    return;
                }

                batchBytes = 0;
                metrics.ReadPaused();
                await idle;
            }

            // Rented for this message and returned once it is decoded (decoding copies what it keeps).
            using var message = new ArrayPoolBufferWriter<byte>(InitialReceiveBuffer);
            ValueWebSocketReceiveResult frame;
            do
            {
                // Never read more than one byte past the limit: that byte is enough to know the message is too big.
                var room = limit + 1 - message.WrittenCount;
                if (room <= 0)
                {
                    metrics.TooLarge();
                Log.MessageTooBig(logger, sid, limit);
                    await session.Fail(connection, "message too big");
                    return;
                }

                var memory = message.GetMemory();
                var receive = socket.ReceiveAsync(memory.Length > room ? memory[..room] : memory, cancellationToken);
                if (!receive.IsCompleted && batch.Count > 0)
                {
                    // Nothing more is buffered: deliver what was read before waiting on the client.
                    if (!await DeliverAsync(session, connection, batch, batches))
                    {
                        return;
                    }

                    batchBytes = 0;
                }

                frame = await receive;
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    await DeliverAsync(session, connection, batch, batches);
                    return;
                }

                message.Advance(frame.Count);
            }
            while (!frame.EndOfMessage);

            if (message.WrittenCount > limit)
            {
                metrics.TooLarge();
                Log.MessageTooBig(logger, sid, limit);
                await session.Fail(connection, "message too big");
                return;
            }

            metrics.WebSocket.Received(1, message.WrittenCount);
            batchBytes += message.WrittenCount;
            if (frame.MessageType == WebSocketMessageType.Binary)
            {
                batch.Add(EngineIoParser.DecodeBinaryFrame(message.WrittenSpan));
            }
            else if (EngineIoParser.TryDecodeText(message.WrittenSpan, out var packet) is var error && error == EngineDecodeError.None)
            {
                batch.Add(packet);
            }
            else
            {
                // What came before the garbage is still delivered, in order; then the socket is failed.
                Log.MalformedFrame(logger, sid, error);
                await DeliverAsync(session, connection, batch, batches);
                await session.Fail(connection, "parse error");
                return;
            }

            if (batch.Count >= MaxBatch || batchBytes >= limit)
            {
                if (!await DeliverAsync(session, connection, batch, batches))
                {
                    return;
                }

                batchBytes = 0;
            }
        }
    }

    /// <summary>Hands the batch to the session and empties it; false when the session wants the socket closed.</summary>
    private async Task<bool> DeliverAsync(IEngineIoSessionGrain session, Guid connection, List<EnginePacket> batch, Batches batches)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        var packets = batch.ToArray();
        batch.Clear();
        var number = ++batches.Last;
        return await calls.SendAsync(SessionCall.Receive, batches.Sid, () => session.Receive(connection, number, packets));
    }

    /// <summary>The batches of one socket's session: the number of the last one delivered (the session ignores a batch it already has).</summary>
    private sealed class Batches(string sid)
    {
        public string Sid { get; } = sid;

        public long Last;
    }

    private static async Task AwaitCloseFrameAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var sink = new byte[1024];
        while (socket.State == WebSocketState.CloseSent)
        {
            var frame = await socket.ReceiveAsync(sink.AsMemory(), cancellationToken);
            if (frame.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string? reason, CancellationToken cancellationToken)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(status, reason, cancellationToken);
        }
    }

    /// <summary>The socket is going away either way; a failure here is logged, never thrown at Kestrel.</summary>
    private async Task Quietly(Task task, string sid)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ConnectionResetException)
        {
            // The client vanished or the close handshake timed out: nothing left to tell anyone.
        }
        catch (Exception exception)
        {
            Log.SocketFailed(logger, exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(201, LogLevel.Debug, "Malformed WebSocket frame for session {Sid}: {Error}")]
        public static partial void MalformedFrame(ILogger logger, string sid, EngineDecodeError error);

        [LoggerMessage(202, LogLevel.Debug, "WebSocket message over {Limit} bytes for session {Sid}")]
        public static partial void MessageTooBig(ILogger logger, string sid, int limit);

        [LoggerMessage(203, LogLevel.Warning, "A session became unreachable; closing its WebSocket")]
        public static partial void PullFailed(ILogger logger, Exception exception);

        [LoggerMessage(205, LogLevel.Warning, "A WebSocket failed")]
        public static partial void SocketFailed(ILogger logger, Exception exception);

        [LoggerMessage(208, LogLevel.Debug, "Session {Sid} did not read its WebSocket within the write timeout; closed")]
        public static partial void SlowReader(ILogger logger, string sid);

        [LoggerMessage(206, LogLevel.Debug, "Refused a second WebSocket for session {Sid}")]
        public static partial void UpgradeRefused(ILogger logger, string sid);

        [LoggerMessage(204, LogLevel.Debug, "Closing WebSocket of session {Sid}: {Reason}")]
        public static partial void Closing(ILogger logger, string sid, string? reason);
    }
}
