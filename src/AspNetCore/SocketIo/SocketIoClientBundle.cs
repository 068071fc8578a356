using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace OrleansEio.Gateway.SocketIo;

/// <summary>
/// socket.io's <c>serveClient</c>: the official client bundles (npm <c>socket.io-client</c>, embedded by the build) under a
/// Socket.IO path, as a Node server serves them: <c>ETag</c> the client's version (a matching <c>If-None-Match</c> gets 304),
/// <c>Cache-Control: public, max-age=0</c>, and br, gzip or deflate by <c>Accept-Encoding</c>. Each file is read and
/// compressed once per process, on its first request.
/// </summary>
internal static class SocketIoClientBundle
{
    private const string ResourcePrefix = "socket.io-client/";

    /// <summary>The files of socket.io-client's dist/ folder that socket.io serves.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "socket.io.js", "socket.io.js.map",
        "socket.io.min.js", "socket.io.min.js.map",
        "socket.io.esm.min.js", "socket.io.esm.min.js.map",
        "socket.io.msgpack.min.js", "socket.io.msgpack.min.js.map",
    ];

    // The order breaks ties between equal qualities, as Node's accepts().encodings(["br", "gzip", "deflate"]) does.
    private static readonly string[] Encodings = ["br", "gzip", "deflate"];

    private static readonly Lazy<string> Version = new(ReadVersion);
    private static readonly ConcurrentDictionary<(string File, string? Encoding), byte[]> Contents = new();

    /// <summary>Quoted, as RFC 9110 wants entity tags; socket.io uses its version the same way.</summary>
    public static string ETag => "\"" + Version.Value + "\"";

    public static IEnumerable<IEndpointConventionBuilder> Map(IEndpointRouteBuilder endpoints, string path)
    {
        foreach (var file in Files)
        {
            yield return endpoints.MapMethods(path + "/" + file, [HttpMethods.Get, HttpMethods.Head], context => ServeAsync(context, file))
                .WithDisplayName("Socket.IO client " + path + "/" + file);
        }
    }

    private static Task ServeAsync(HttpContext context, string file)
    {
        var etag = ETag;
        var response = context.Response;
        response.Headers.CacheControl = "public, max-age=0";
        response.Headers.ETag = etag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (Matches(context.Request.GetTypedHeaders().IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var encoding = ChooseEncoding(context.Request.GetTypedHeaders().AcceptEncoding);
        var content = Contents.GetOrAdd((file, encoding), static key => Compress(Read(key.File), key.Encoding));
        response.ContentType = file.EndsWith(".map", StringComparison.Ordinal) ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8";
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(content).AsTask();
    }

    /// <summary>Weak comparison (RFC 9110, 13.1.2): <c>W/"4.8.4"</c> matches too, as in socket.io; so does <c>*</c>.</summary>
    private static bool Matches(IList<EntityTagHeaderValue> ifNoneMatch, string etag)
        => ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals(etag, StringComparison.Ordinal));

    /// <summary>The acceptable encoding of highest quality; null for none (identity).</summary>
    private static string? ChooseEncoding(IList<StringWithQualityHeaderValue> acceptEncoding)
    {
        string? best = null;
        var bestQuality = 0.0;
        foreach (var encoding in Encodings)
        {
            var quality = acceptEncoding
                .Where(a => a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) || a.Value.Equals("*", StringComparison.Ordinal))
                .Select(a => a.Quality ?? 1.0)
                .DefaultIfEmpty(0.0)
                .Max();
            if (quality > bestQuality)
            {
                (best, bestQuality) = (encoding, quality);
            }
        }

        return best;
    }

    private static byte[] Compress(byte[] content, string? encoding)
    {
        if (encoding is null)
        {
            return content;
        }

        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "br" => new BrotliStream(output, CompressionLevel.SmallestSize),
            "gzip" => new GZipStream(output, CompressionLevel.SmallestSize),
            _ => new ZLibStream(output, CompressionLevel.SmallestSize),
        })
        {
            compressor.Write(content);
        }

        return output.ToArray();
    }

    private static byte[] Read(string file)
    {
        using var stream = typeof(SocketIoClientBundle).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"The embedded client file {file} is missing; the build installs it from npm (src/AspNetCore/package.json).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ReadVersion()
    {
        using var package = JsonDocument.Parse(Read("package.json"));
        return package.RootElement.GetProperty("version").GetString()!;
    }
}
