using System.Text.Json;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>The one place that writes Engine.IO wire errors: JSON <c>{code, message}</c> with the right status, counted by both.</summary>
internal static class WireErrors
{
    // The usual answers are encoded once: refusing junk must not cost a JSON writer per request.
    private static readonly byte[][] Bodies = [.. Enum.GetValues<EngineIoErrorCode>().Select(c => Encode((int)c, EngineIoErrors.Message(c)))];
    private static readonly byte[] TooLarge = Encode((int)EngineIoErrorCode.BadRequest, "Payload too large");
    private static readonly byte[] TooManyHandshakes = Encode((int)EngineIoErrorCode.Forbidden, "Too many handshakes");

    // The metrics come from the caller, not from context.RequestServices: asking that creates a DI scope per
    // request (and a callback to dispose it), which a refused request has no other use for.
    public static Task WriteAsync(HttpContext context, GatewayMetrics metrics, EngineIoErrorCode code, string? message = null)
        => WriteAsync(context, metrics, (int)code, EngineIoErrors.StatusCode(code), message is null ? Bodies[(int)code] : Encode((int)code, message), bodyUnread: false);

    /// <summary>A request refused before the endpoint read its body (if any).</summary>
    public static Task RefuseAsync(HttpContext context, GatewayMetrics metrics, EngineIoErrorCode code)
        => WriteAsync(context, metrics, (int)code, EngineIoErrors.StatusCode(code), Bodies[(int)code], bodyUnread: true);

    /// <summary>A POST larger than <c>maxHttpBufferSize</c>; the session itself stays open, as in the reference server.</summary>
    public static Task WritePayloadTooLargeAsync(HttpContext context, GatewayMetrics metrics)
        => WriteAsync(context, metrics, (int)EngineIoErrorCode.BadRequest, StatusCodes.Status413PayloadTooLarge, TooLarge, bodyUnread: true);

    /// <summary>A handshake over the gateway's handshake rate (see <see cref="HandshakeLimiter"/>).</summary>
    public static Task WriteTooManyHandshakesAsync(HttpContext context, GatewayMetrics metrics)
        => WriteAsync(context, metrics, (int)EngineIoErrorCode.Forbidden, StatusCodes.Status429TooManyRequests, TooManyHandshakes, bodyUnread: true);

    private static Task WriteAsync(HttpContext context, GatewayMetrics metrics, int code, int status, byte[] body, bool bodyUnread)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        metrics.WireError(code, status);

        if (bodyUnread && HasBody(context.Request))
        {
            // The endpoint never reads a refused body, but Kestrel does: its transport receives whatever arrives, and
            // after the answer it drains (discards) the rest even on a closing connection, up to MaxRequestBodySize
            // and for at most 5 s, so the client is not answered with a reset. The answer comes first; the close
            // then ends the connection instead of waiting for the client's next request on it (the CPU is the same
            // with or without it: docs/benchmarks.md, "Junk requests").
            response.Headers.Connection = "close";
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }

    private static bool HasBody(HttpRequest request)
        => request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static byte[] Encode(int code, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
