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

    public static Task WriteAsync(HttpContext context, EngineIoErrorCode code, string? message = null)
        => WriteAsync(context, (int)code, EngineIoErrors.StatusCode(code), message is null ? Bodies[(int)code] : Encode((int)code, message), bodyUnread: false);

    /// <summary>A request refused before its body (if any) was read.</summary>
    public static Task RefuseAsync(HttpContext context, EngineIoErrorCode code)
        => WriteAsync(context, (int)code, EngineIoErrors.StatusCode(code), Bodies[(int)code], bodyUnread: true);

    /// <summary>A POST larger than <c>maxHttpBufferSize</c>; the session itself stays open, as in the reference server.</summary>
    public static Task WritePayloadTooLargeAsync(HttpContext context)
        => WriteAsync(context, (int)EngineIoErrorCode.BadRequest, StatusCodes.Status413PayloadTooLarge, TooLarge, bodyUnread: true);

    /// <summary>A handshake over the gateway's handshake rate (see <see cref="HandshakeLimiter"/>).</summary>
    public static Task WriteTooManyHandshakesAsync(HttpContext context)
        => WriteAsync(context, (int)EngineIoErrorCode.Forbidden, StatusCodes.Status429TooManyRequests, TooManyHandshakes, bodyUnread: true);

    private static Task WriteAsync(HttpContext context, int code, int status, byte[] body, bool bodyUnread)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.RequestServices.GetService<GatewayMetrics>()?.WireError(code, status);

        if (bodyUnread && HasBody(context.Request))
        {
            // The body of a refused request is never read: close the connection instead of draining it.
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
