namespace OrleansEio.Gateway.EngineIo;

internal static class Handshakes
{
    public static EngineIoHandshake Capture(HttpContext context, string path, DateTimeOffset now)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.Query)
        {
            query[key] = value.ToString();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in context.Request.Headers)
        {
            headers[key.ToLowerInvariant()] = value.ToString();
        }

        return new EngineIoHandshake(path, query, headers, context.Connection.RemoteIpAddress?.ToString(), context.Request.IsHttps, now);
    }

    /// <summary>The <c>cookie</c> option: hands the sid to the browser on the handshake response.</summary>
    public static void SetSessionCookie(HttpContext context, EngineIoCookieOptions cookie, string sid)
    {
        if (cookie.Name is { Length: > 0 } name)
        {
            context.Response.Cookies.Append(name, sid, new CookieOptions
            {
                Path = cookie.Path,
                HttpOnly = cookie.HttpOnly,
                SameSite = Enum.TryParse<SameSiteMode>(cookie.SameSite, ignoreCase: true, out var mode) ? mode : SameSiteMode.Lax,
            });
        }
    }
}
