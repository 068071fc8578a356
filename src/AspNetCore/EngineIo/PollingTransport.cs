using System.Buffers;
using CommunityToolkit.HighPerformance.Buffers;
using Microsoft.Extensions.Options;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>HTTP long-polling: the handshake GET, the pending GET and the data POST. Holds no session state.</summary>
internal sealed partial class PollingTransport(
    ISessionGrains sessions,
    IOptions<EngineIoOptions> options,
    IOptions<EngineIoGatewayOptions> gateway,
    IHostApplicationLifetime lifetime,
    GatewayNode node,
    SessionCallPolicy calls,
    GatewayMetrics metrics,
    ILogger<PollingTransport> logger)
{
    private const string TextContentType = "text/plain; charset=UTF-8";

    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    public async Task HandshakeAsync(HttpContext context, string sid, EngineIoHandshake handshake)
    {
        var session = sessions.Get(sid);
        var result = await session.Open(new OpenRequest(handshake.Path, Guid.Empty, handshake));
        if (result.Error is { } error)
        {
            await WireErrors.WriteAsync(context, metrics, error, result.Message);
            return;
        }

        Handshakes.SetSessionCookie(context, options.Value.Cookie, sid);
        await WriteAsync(context, session, sid, System.Text.Encoding.UTF8.GetBytes("0" + result.OpenPacket), packets: 1);
    }

    public async Task PollAsync(HttpContext context, string sid)
    {
        var session = sessions.Get(sid);
        var pollId = Guid.NewGuid();
        var requestToken = RequestToken(context);
        var aborted = context.RequestAborted;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
        while (true)
        {
            PollResult result;
            try
            {
                result = await calls.SendAsync(SessionCall.Poll, sid, () => session.Poll(pollId, node.Reference, requestToken), stop.Token);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client gave up on its GET: like the reference server, the session ends.
                await session.AbortPoll(pollId);
                return;
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // This gateway is stopping: hand the GET back, and ask for it once more; the session answers a released
                // GET at once (a noop, or packets it already took), so the client's next GET continues through another node.
                await session.ReleasePoll(pollId);
                using var grace = new CancellationTokenSource(ShutdownGrace);
                result = await calls.SendAsync(SessionCall.Poll, sid, () => session.Poll(pollId, node.Reference, requestToken), grace.Token);
                if (result.Status == PollStatus.Retry)
                {
                    // The session handed this GET nothing: a noop ends it, and the client polls elsewhere.
                    result = PollResult.Of([EnginePacket.Noop]);
                }
            }

            switch (result.Status)
            {
                case PollStatus.Retry:
                    // The session's bounded wait ended with nothing to send: the same GET waits on.
                    metrics.Reissued(SessionCall.Poll, lost: false);
                    continue;
                case PollStatus.Error:
                    await WireErrors.WriteAsync(context, metrics, result.Error);
                    return;
                default:
                    // Rented for this answer only: no buffer keeps the size of the largest answer.
                    using (var payload = new ArrayPoolBufferWriter<byte>())
                    {
                        EngineIoWriter.WritePayload(result.Packets, payload);
                        await WriteAsync(context, session, sid, payload.WrittenMemory, result.Packets.Length);
                    }

                    return;
            }
        }
    }

    public async Task PostAsync(HttpContext context, string sid)
    {
        var session = sessions.Get(sid);
        var limits = options.Value;
        if (string.Equals(context.Request.ContentType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            // Engine.IO v4 polling payloads are always text; binary bodies belong to v3.
            await session.Fail(Guid.Empty, "invalid content");
            await WireErrors.WriteAsync(context, metrics, EngineIoErrorCode.BadRequest);
            return;
        }

        if (context.Request.ContentLength > limits.MaxHttpBufferSize)
        {
            // Refused from its Content-Length: the endpoint never reads the body (what Kestrel does with it: WireErrors).
            metrics.TooLarge();
            await WireErrors.WritePayloadTooLargeAsync(context, metrics);
            return;
        }

        var body = await ReadBodyAsync(context.Request.BodyReader, limits.MaxHttpBufferSize, context.RequestAborted);
        if (body is null)
        {
            metrics.TooLarge();
            await WireErrors.WritePayloadTooLargeAsync(context, metrics);
            return;
        }

        var packets = new List<EnginePacket>();
        var decodeError = EngineIoParser.TryDecodePayload(body, packets, limits.MaxPacketsPerPayload);
        if (decodeError != EngineDecodeError.None)
        {
            if (decodeError == EngineDecodeError.TooManyPackets)
            {
                metrics.EngineIo.Rejected("EngineIo:MaxPacketsPerPayload");
            }

            Log.MalformedPayload(logger, sid, decodeError);
            await session.Fail(Guid.Empty, "parse error");
            await WireErrors.WriteAsync(context, metrics, EngineIoErrorCode.BadRequest);
            return;
        }

        metrics.Polling.Received(packets.Count, body.Length);
        var postId = Guid.NewGuid();
        EnginePacket[] decoded = [.. packets];
        var error = await calls.SendAsync(SessionCall.Post, sid, () => session.Post(postId, decoded));

        if (error is { } code)
        {
            await WireErrors.WriteAsync(context, metrics, code);
            return;
        }

        context.Response.ContentType = "text/html";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync("ok");
    }

    /// <summary>
    /// The GET's <c>t</c> (engine.io-client's cache buster, unique per request), which names the request across a
    /// balancer's resend; null when absent, repeated or longer than a client's would be, so no client can make the
    /// session keep much.
    /// </summary>
    private static string? RequestToken(HttpContext context)
    {
        const int MaxLength = 32;
        var values = context.Request.Query["t"];
        return values.Count == 1 && values[0] is { Length: > 0 and <= MaxLength } token ? token : null;
    }

    /// <summary>Reads the whole body, or returns null as soon as it grows past <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(System.IO.Pipelines.PipeReader reader, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Writes an answer within <see cref="EngineIoGatewayOptions.WriteTimeout"/>. A client that does not read it in time is
    /// a slow reader: the connection is aborted and its session closed, as a WebSocket that does not drain is.
    /// </summary>
    private async Task WriteAsync(HttpContext context, IEngineIoSessionGrain session, string sid, ReadOnlyMemory<byte> payload, int packets)
    {
        metrics.Polling.Sent(packets, payload.Length);
        var response = context.Response;
        response.ContentType = TextContentType;
        response.ContentLength = payload.Length;
        response.Headers.CacheControl = "no-store";
        using var timer = new CancellationTokenSource(gateway.Value.WriteTimeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timer.Token);
        try
        {
            await response.Body.WriteAsync(payload, deadline.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            Log.SlowReader(logger, sid);
            metrics.SlowReader();
            context.Abort();
            await session.Fail(Guid.Empty, "transport error");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(103, LogLevel.Debug, "Session {Sid} did not read its poll answer within the write timeout; closed")]
        public static partial void SlowReader(ILogger logger, string sid);

        [LoggerMessage(101, LogLevel.Debug, "Malformed polling payload for session {Sid}: {Error}")]
        public static partial void MalformedPayload(ILogger logger, string sid, EngineDecodeError error);
    }
}
