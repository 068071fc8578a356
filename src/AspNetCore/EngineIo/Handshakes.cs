namespace OrleansEio.Gateway.EngineIo;

internal static class Handshakes
{
    // Headers about this hop or this transport: meaningless to an application, and not worth a session's memory.
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "upgrade", "te", "trailer", "transfer-encoding", "content-length", "content-type",
        "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol",
    };

    /// <summary>
    /// What the session keeps of the handshake request for its whole life: the query (bounded by Kestrel's request
    /// line limit) and a bounded set of headers, at most <see cref="EngineIoOptions.MaxHandshakeHeaders"/> of them
    /// and <see cref="EngineIoOptions.MaxHandshakeHeaderBytes"/> of names and values, in the order they came;
    /// headers past either bound are dropped, as are hop-by-hop and WebSocket framing headers.
    /// </summary>
    public static EngineIoHandshake Capture(HttpContext context, string path, DateTimeOffset now, EngineIoOptions options)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.Query)
        {
            query[key] = value.ToString();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var bytes = 0;
        foreach (var (key, value) in context.Request.Headers)
        {
            if (headers.Count == options.MaxHandshakeHeaders)
            {
                break;
            }

            if (Skipped.Contains(key))
            {
                continue;
            }

            var text = value.ToString();
            if (bytes + key.Length + text.Length > options.MaxHandshakeHeaderBytes)
            {
                continue;
            }

            bytes += key.Length + text.Length;
            headers[key.ToLowerInvariant()] = text;
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
                Secure = cookie.Secure,
                SameSite = Enum.Parse<SameSiteMode>(cookie.SameSite, ignoreCase: true),
            });
        }
    }
}
