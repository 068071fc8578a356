using System.Text.Json;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>The one place that writes Engine.IO wire errors: JSON <c>{code, message}</c> with the right status.</summary>
internal static class WireErrors
{
    public static Task WriteAsync(HttpContext context, EngineIoErrorCode code, string? message = null)
        => WriteAsync(context, EngineIoErrors.StatusCode(code), (int)code, message ?? EngineIoErrors.Message(code));

    /// <summary>A POST larger than <c>maxHttpBufferSize</c>; the session itself stays open, as in the reference server.</summary>
    public static Task WritePayloadTooLargeAsync(HttpContext context)
        => WriteAsync(context, StatusCodes.Status413PayloadTooLarge, (int)EngineIoErrorCode.BadRequest, "Payload too large");

    private static async Task WriteAsync(HttpContext context, int status, int code, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteNumber("code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    }
}
