using System.Net.Sockets;
using System.Text;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a bare socket, for requests an HttpClient will not send: headers that promise a body which never
/// comes. A server that answers such a request has decided without reading the body.
/// </summary>
internal static class RawHttp
{
    public sealed record Reply(int Status, string Headers, string Body);

    /// <summary>Sends the request line and headers only, then reads the whole answer (the connection is closed or the body complete).</summary>
    public static async Task<Reply> SendHeadersOnlyAsync(Uri server, string method, string pathAndQuery, params string[] headers)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port).Within();
        var stream = client.GetStream();
        var request = new StringBuilder($"{method} {pathAndQuery} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\n");
        foreach (var header in headers)
        {
            request.Append(header).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString())).AsTask().Within();
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer).AsTask().Within();
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && System.Text.RegularExpressions.Regex.Match(text[..end], @"Content-Length: (\d+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase) is { Success: true } length
                && text.Length - end - 4 >= int.Parse(length.Groups[1].Value))
            {
                break;
            }
        }

        var answer = Encoding.UTF8.GetString(received.ToArray());
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return new Reply(int.Parse(answer.Split(' ')[1]), answer[..split], answer[(split + 4)..]);
    }
}
