using System.Security.Cryptography;
using System.Text;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// The id a session knows a GET or POST by. Clients put a value unique to each request in <c>t</c> (engine.io-client's
/// timestamp, python-engineio's time); a balancer that retries a request on another gateway after the first one died
/// (nginx's <c>proxy_next_upstream</c>) sends the same <c>t</c>, so the session recognises the retry: a GET gets the
/// packets it already took for that request instead of losing them, a POST is applied once. Without <c>t</c>, every
/// request is new. Only the session's own requests share the id space, so a client choosing its <c>t</c> can only
/// make its own session repeat an answer to itself.
/// </summary>
internal static class RequestIds
{
    /// <summary>Longest <c>t</c> taken as a request's identity; longer ones are ignored.</summary>
    private const int MaxLength = 64;

    public static Guid For(HttpRequest request, char kind)
    {
        var t = request.Query["t"];
        if (t.Count != 1 || t[0] is not { Length: > 0 and <= MaxLength } value)
        {
            return Guid.NewGuid();
        }

        // The kind keeps a GET and a POST that carry the same t apart.
        Span<byte> input = stackalloc byte[1 + (MaxLength * 3)];
        input[0] = (byte)kind;
        var length = 1 + Encoding.UTF8.GetBytes(value, input[1..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..length], hash);
        return new Guid(hash[..16]);
    }
}
