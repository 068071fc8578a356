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

        var request = context.Request;
        var query = request.Query;
        var transport = query["transport"].ToString();
        if (transport is not ("polling" or "websocket") || !settings.IsTransportAllowed(transport))
        {
            await WireErrors.WriteAsync(context, EngineIoErrorCode.UnknownTransport);
            return;
        }

        if (query["EIO"] != "4")
        {
            await WireErrors.WriteAsync(context, EngineIoErrorCode.UnsupportedProtocolVersion);
            return;
        }

        // Only a real WebSocket handshake is an upgrade; "transport=websocket" alone never is.
        var isWebSocket = context.WebSockets.IsWebSocketRequest;
        if (isWebSocket != (transport == "websocket") && (isWebSocket || string.IsNullOrEmpty(query["sid"])))
        {
            await WireErrors.WriteAsync(context, EngineIoErrorCode.BadRequest);
            return;
        }

        var sid = query["sid"].ToString();
        if (sid.Length == 0)
        {
            await HandshakeAsync(context, path, settings, isWebSocket);
            return;
        }

        if (transport == "websocket")
        {
            if (isWebSocket)
            {
                await webSocket.UpgradeAsync(context, sid);
            }
            else
            {
                // Judged by the session (unknown sid vs bad request) but never allowed to touch its queue.
                await WireErrors.WriteAsync(context, await grains.GetGrain<IEngineIoSessionGrain>(sid).Reject(transport));
            }

            return;
        }

        if (HttpMethods.IsGet(request.Method))
        {
            await polling.PollAsync(context, sid);
        }
        else if (HttpMethods.IsPost(request.Method))
        {
            await polling.PostAsync(context, sid);
        }
        else
        {
            await WireErrors.WriteAsync(context, EngineIoErrorCode.BadRequest);
        }
    }

    private async Task HandshakeAsync(HttpContext context, string path, EngineIoOptions settings, bool isWebSocket)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await WireErrors.WriteAsync(context, EngineIoErrorCode.BadHandshakeMethod);
            return;
        }

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
