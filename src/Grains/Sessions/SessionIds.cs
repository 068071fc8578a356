using System.Buffers.Text;
using System.Security.Cryptography;

namespace OrleansEio.Sessions;

internal static class SessionIds
{
    /// <summary>128 bits from the OS's cryptographic RNG, base64url: unguessable and safe in a URL.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
