using Microsoft.Extensions.Options;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// Routes one Engine.IO request. It checks only what the request says by itself (query, method,
/// handshake headers); everything that depends on the session is asked of the session grain.
/// </summary>
internal sealed class EngineIoEndpoint(
    IGrainFactory grains,
    IOptions<EngineIoOptions> options,
    EngineIoClock clock,
    PollingTransport polling,
    WebSocketTransport webSocket)
{
    public async Task HandleAsync(HttpContext context, string path)
    {
        var settings = options.Value;
        if (Cors.Apply(context, settings.Cors))
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
            settings);
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
                await WireErrors.WriteAsync(context, await grains.GetGrain<IEngineIoSessionGrain>(request.Sid).Reject("websocket"));
                break;
            default:
                await WireErrors.WriteAsync(context, request.Error);
                break;
        }
    }

    private async Task HandshakeAsync(HttpContext context, string path, EngineIoOptions settings, bool isWebSocket)
    {
        var handshake = Handshakes.Capture(context, path, clock.TimeProvider.GetUtcNow());
        if (settings.AllowRequest is { } allow && await allow(handshake) is { Allowed: false } verdict)
        {
            await WireErrors.WriteAsync(context, EngineIoErrorCode.Forbidden, verdict.Message);
            return;
        }

        var sid = SessionIds.New();
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
