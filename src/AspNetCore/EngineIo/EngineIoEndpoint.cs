using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// Routes one Engine.IO request. It checks only what the request says by itself (query, method, sid signature,
/// handshake headers, origin); everything that depends on the session is asked of the session grain. What it
/// refuses by itself is refused before any grain call and before it reads any body, counted and not logged.
/// </summary>
internal sealed class EngineIoEndpoint(
    ISessionGrains sessions,
    IOptions<EngineIoOptions> options,
    IOptions<CorsOptions> corsOptions,
    ICorsService cors,
    EngineIoClock clock,
    SessionIdSigner sids,
    HandshakeLimiter handshakes,
    GatewayMetrics metrics,
    PollingTransport polling,
    WebSocketTransport webSocket)
{
    private readonly CorsPolicy _origins = corsOptions.Value.GetPolicy(EngineIoCors.PolicyName)!;

    public async Task HandleAsync(HttpContext context, string path)
    {
        var settings = options.Value;
        if (settings.Cors.Origins.Length > 0 && EngineIoCors.Apply(context, cors, _origins))
        {
            return;
        }

        var query = context.Request.Query;
        var request = RequestClassifier.Classify(
            context.Request.Method,
            query["transport"].ToString(),
            query["EIO"].ToString(),
            query["sid"].ToString(),
            context.WebSockets.IsWebSocketRequest,
            settings,
            sids);
        if (request.Kind == EngineIoRequestKind.Invalid)
        {
            metrics.Refused(request.Error);
            await WireErrors.RefuseAsync(context, metrics, request.Error);
            return;
        }

        if (request.Kind == EngineIoRequestKind.Handshake && !handshakes.TryAcquire(context))
        {
            metrics.HandshakeRateExceeded();
            await WireErrors.WriteTooManyHandshakesAsync(context, metrics);
            return;
        }

        if (request.WebSocket && !EngineIoCors.AllowsWebSocket(_origins, settings.Cors, context.Request.Headers.Origin))
        {
            // Browsers send no preflight for WebSockets: a foreign page's handshake is refused here (403).
            metrics.OriginRefused();
            await WireErrors.RefuseAsync(context, metrics, EngineIoErrorCode.Forbidden);
            return;
        }

        switch (request.Kind)
        {
            case EngineIoRequestKind.Handshake:
                await HandshakeAsync(context, path, settings, request.WebSocket);
                break;
            case EngineIoRequestKind.Poll:
                await polling.PollAsync(context, request.Sid);
                break;
            case EngineIoRequestKind.Post:
                await polling.PostAsync(context, request.Sid);
                break;
            case EngineIoRequestKind.Upgrade:
                await webSocket.UpgradeAsync(context, request.Sid);
                break;
            case EngineIoRequestKind.FakeUpgrade:
                // Judged by the session (unknown sid vs bad request) but never allowed to touch its queue.
                await WireErrors.WriteAsync(context, metrics, await sessions.Get(request.Sid).Reject("websocket"));
                break;
        }
    }

    private async Task HandshakeAsync(HttpContext context, string path, EngineIoOptions settings, bool isWebSocket)
    {
        var handshake = Handshakes.Capture(context, path, clock.TimeProvider.GetUtcNow(), settings);
        if (settings.AllowRequest is { } allow && await allow(handshake) is { Allowed: false } verdict)
        {
            await WireErrors.WriteAsync(context, metrics, EngineIoErrorCode.Forbidden, verdict.Message);
            return;
        }

        var sid = sids.New();
        if (isWebSocket)
        {
            await webSocket.HandshakeAsync(context, sid, handshake);
        }
        else
        {
            await polling.HandshakeAsync(context, sid, handshake);
        }
    }
}
