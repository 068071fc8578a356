using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// Engine.IO sids a gateway can judge by itself (DESIGN.md invariant 8): 15 random bytes followed by the first
/// 9 bytes of their HMAC-SHA256 under the cluster's key, base64url. 24 bytes make exactly 32 characters with no
/// padding and no spare bits, so one sid has exactly one spelling. The first key signs, every key verifies
/// (rotation: add the new key second, roll the nodes, move it first, roll again, drop the old one).
/// </summary>
internal sealed class SessionIdSigner
{
    public const int Length = 32;
    private const int RandomBytes = 15;
    private const int MacBytes = 9;
    private const int TotalBytes = RandomBytes + MacBytes;

    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly byte[][] _keys;

    public SessionIdSigner(IReadOnlyList<byte[]> keys)
    {
        if (keys.Count == 0 || keys.Any(k => k.Length < EngineIoOptionsValidator.MinKeyBytes))
        {
            throw new ArgumentException($"At least one key of {EngineIoOptionsValidator.MinKeyBytes} bytes or more is needed.", nameof(keys));
        }

        _keys = [.. keys];
    }

    /// <summary>Keys from <c>EngineIo:SessionIdKeys</c>; without any, a random key for this process only.</summary>
    public static SessionIdSigner FromOptions(EngineIoOptions options)
        => options.SessionIdKeys.Length == 0
            ? new SessionIdSigner([RandomNumberGenerator.GetBytes(EngineIoOptionsValidator.MinKeyBytes)])
            : new SessionIdSigner([.. options.SessionIdKeys.Select(Convert.FromBase64String)]);

    public string New()
    {
        Span<byte> sid = stackalloc byte[TotalBytes];
        RandomNumberGenerator.Fill(sid[..RandomBytes]);
        Sign(_keys[0], sid);
        return Base64Url.EncodeToString(sid);
    }

    /// <summary>Exact format and a MAC under one of the keys; allocation-free, so refusing junk stays cheap.</summary>
    public bool IsAuthentic(ReadOnlySpan<char> sid)
    {
        if (sid.Length != Length || sid.ContainsAnyExcept(Base64UrlAlphabet))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[TotalBytes];
        if (Base64Url.DecodeFromChars(sid, bytes, out _, out var written) != OperationStatus.Done || written != TotalBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TotalBytes];
        bytes[..RandomBytes].CopyTo(expected);
        foreach (var key in _keys)
        {
            Sign(key, expected);
            if (CryptographicOperations.FixedTimeEquals(expected[RandomBytes..], bytes[RandomBytes..]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the MAC of the random part into the rest of <paramref name="sid"/>.</summary>
    private static void Sign(byte[] key, Span<byte> sid)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, sid[..RandomBytes], mac);
        mac[..MacBytes].CopyTo(sid[RandomBytes..]);
    }
}
