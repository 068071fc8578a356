namespace OrleansEio.Gateway.Demo;

/// <summary>The demo chat page and the official socket.io-client bundle, served from the gateway assembly.</summary>
internal static class DemoEndpoints
{
    private static readonly (string Route, string Resource, string ContentType)[] Files =
    [
        ("/", "demo/index.html", "text/html; charset=utf-8"),
        ("/chat.js", "demo/chat.js", "text/javascript; charset=utf-8"),
        ("/socket.io.min.js", "demo/socket.io.min.js", "text/javascript; charset=utf-8"),
    ];

    public static void MapDemo(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (route, resource, contentType) in Files)
        {
            var content = Read(resource);
            endpoints.MapGet(route, () => Results.Bytes(content, contentType));
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(DemoEndpoints).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded demo file {resource} is missing; the build installs it from npm (src/Gateway/package.json).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
