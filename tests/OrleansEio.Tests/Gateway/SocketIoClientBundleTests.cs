using System.IO.Compression;
using System.Net;
using System.Text.Json;
using OrleansEio.Tests.Infrastructure;
using OrleansEio.Tests.Interop;

namespace OrleansEio.Tests.Gateway;

/// <summary>
/// socket.io's serveClient on the embedded default: the official bundles under every Socket.IO path, checked against the
/// files of the npm package the interop tests install (the same pinned version), and run by Node as a browser runs them.
/// </summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class SocketIoClientBundleTests(EmbeddedGateway gateway, ConfiguredGateway withoutClient) : IClassFixture<ConfiguredGateway>, IDisposable
{
    private static readonly string Dist = Path.Combine(Repository.Root, "tests", "interop", "node_modules", "socket.io-client", "dist");

    private readonly HttpClient _http = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { Timeout = TimeSpan.FromSeconds(30) };

    public static TheoryData<string> Files =>
    [
        "socket.io.js", "socket.io.js.map", "socket.io.min.js", "socket.io.min.js.map",
        "socket.io.esm.min.js", "socket.io.esm.min.js.map", "socket.io.msgpack.min.js", "socket.io.msgpack.min.js.map",
    ];

    private static string ETag
    {
        get
        {
            var package = Path.Combine(Dist, "..", "package.json");
            Assert.True(File.Exists(package), "tests/interop/node_modules is missing: run `bash tests/run.sh` (or `npm ci --prefix tests/interop`).");
            return "\"" + JsonDocument.Parse(File.ReadAllText(package)).RootElement.GetProperty("version").GetString() + "\"";
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri server, string path, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, new Uri(server, path));
        configure?.Invoke(request);
        return await _http.SendAsync(request).Within();
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_file_is_the_npm_file_with_its_content_type_an_etag_and_socket_io_caching(string file)
    {
        using var response = await SendAsync(HttpMethod.Get, gateway.Address, "/socket.io/" + file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(file.EndsWith(".map", StringComparison.Ordinal) ? "application/json" : "application/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal(ETag, response.Headers.ETag!.Tag);
        Assert.Equal("public, max-age=0", response.Headers.CacheControl!.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Dist, file)), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/socket.io-msgpack/socket.io.msgpack.min.js")]
    [InlineData("/chat/socket.io/socket.io.min.js")]
    public async Task Every_socket_io_path_serves_the_bundles(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, gateway.Address, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/engine.io/socket.io.min.js")]
    [InlineData("/socket.io/socket.io.msgpack.js")]
    [InlineData("/socket.io/socket.io.esm.js")]
    public async Task Nothing_else_is_served_and_raw_engine_io_paths_serve_no_bundle(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, gateway.Address, path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_request_whose_if_none_match_names_the_etag_gets_304_without_a_body(bool weak)
    {
        using var response = await SendAsync(HttpMethod.Get, gateway.Address, "/socket.io/socket.io.min.js",
            r => r.Headers.TryAddWithoutValidation("If-None-Match", (weak ? "W/" : string.Empty) + ETag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ETag, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_request_with_another_etag_gets_the_file()
    {
        using var response = await SendAsync(HttpMethod.Get, gateway.Address, "/socket.io/socket.io.min.js",
            r => r.Headers.TryAddWithoutValidation("If-None-Match", "\"4.0.0\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("deflate", "deflate")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip;q=1, br;q=0.5", "gzip")]
    [InlineData("br;q=0, deflate", "deflate")]
    [InlineData("identity", null)]
    public async Task The_file_is_compressed_as_the_client_accepts_and_decompresses_to_the_npm_file(string acceptEncoding, string? expected)
    {
        using var response = await SendAsync(HttpMethod.Get, gateway.Address, "/socket.io/socket.io.js",
            r => r.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding));

        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = expected switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            "deflate" => new ZLibStream(body, CompressionMode.Decompress),
            _ => body,
        };
        using var content = new MemoryStream();
        await decoded.CopyToAsync(content);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Dist, "socket.io.js")), content.ToArray());
    }

    [Fact]
    public async Task A_head_request_gets_the_headers_without_the_body()
    {
        using var response = await SendAsync(HttpMethod.Head, gateway.Address, "/socket.io/socket.io.min.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new FileInfo(Path.Combine(Dist, "socket.io.min.js")).Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task With_serve_client_off_no_bundle_is_served_and_socket_io_still_answers()
    {
        using var bundle = await SendAsync(HttpMethod.Get, withoutClient.Address, "/socket.io/socket.io.min.js");
        using var handshake = await SendAsync(HttpMethod.Get, withoutClient.Address, "/socket.io/?EIO=4&transport=polling");

        Assert.Equal(HttpStatusCode.NotFound, bundle.StatusCode);
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
    }

    [Fact]
    public async Task The_served_bundles_define_io_and_connect_as_in_a_browser_the_msgpack_one_to_the_msgpack_path()
    {
        var r = await ClientScript.NodeAsync("client-bundle.mjs", gateway.Address.ToString());

        Assert.Equal("{\"plain\":\"function\",\"msgpack\":\"function\",\"esm\":\"function\"}", r.GetProperty("defined").GetRawText());
        Assert.Equal("{\"transport\":\"websocket\",\"text\":\"hi\",\"binary\":[1,2,3]}", r.GetProperty("plain").GetRawText());
        Assert.Equal("{\"transport\":\"websocket\",\"text\":\"hi\",\"binary\":[1,2,3]}", r.GetProperty("msgpack").GetRawText());
        Assert.Equal("{\"transport\":\"polling\",\"text\":\"hi\",\"binary\":null}", r.GetProperty("esm").GetRawText());
    }

    [Fact]
    public void The_embedded_client_is_the_version_the_interop_tests_and_the_demo_install()
    {
        static string Locked(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, folder, "package-lock.json")))
            .RootElement.GetProperty("packages").GetProperty("node_modules/socket.io-client").GetProperty("version").GetString()!;

        Assert.Equal(Locked("tests/interop"), Locked("src/AspNetCore"));
        Assert.Equal(Locked("tests/interop"), Locked("src/Gateway"));
    }

    public void Dispose() => _http.Dispose();
}
