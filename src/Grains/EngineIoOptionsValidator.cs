using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace OrleansEio;

/// <summary>
/// Checks <see cref="EngineIoOptions"/> at start-up (<c>ValidateOnStart</c>): a bad value stops the host with a
/// message that names its configuration key, instead of surfacing later as odd behaviour.
/// </summary>
internal sealed class EngineIoOptionsValidator : IValidateOptions<EngineIoOptions>
{
    private const string Section = EngineIoOptions.SectionName + ":";

    /// <summary>Shortest sid key accepted: as long as HMAC-SHA256's output.</summary>
    internal const int MinKeyBytes = 32;

    private static readonly string[] KnownTransports = ["polling", "websocket"];

    public ValidateOptionsResult Validate(string? name, EngineIoOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.PingInterval), options.PingInterval);
        Positive(failures, nameof(options.PingTimeout), options.PingTimeout);
        Positive(failures, nameof(options.UpgradeTimeout), options.UpgradeTimeout);
        Positive(failures, nameof(options.LongPollSegment), options.LongPollSegment);
        Positive(failures, nameof(options.DrainTimeout), options.DrainTimeout);
        Positive(failures, nameof(options.MaxHttpBufferSize), options.MaxHttpBufferSize);
        Positive(failures, nameof(options.MaxPacketsPerPayload), options.MaxPacketsPerPayload);
        Positive(failures, nameof(options.MaxOpenSessions), options.MaxOpenSessions);
        Positive(failures, nameof(options.MaxOpenSessionsPerAddress), options.MaxOpenSessionsPerAddress);
        Positive(failures, nameof(options.MaxHandshakeHeaders), options.MaxHandshakeHeaders);
        Positive(failures, nameof(options.MaxHandshakeHeaderBytes), options.MaxHandshakeHeaderBytes);
        if (options.MaxBufferedBytes < options.MaxHttpBufferSize)
        {
            failures.Add($"{Section}{nameof(options.MaxBufferedBytes)} ({options.MaxBufferedBytes}) must be at least {Section}{nameof(options.MaxHttpBufferSize)} ({options.MaxHttpBufferSize}): one message must fit in a session's buffer.");
        }

        if (options.MaxOpenSessionsPerAddress > options.MaxOpenSessions)
        {
            failures.Add($"{Section}{nameof(options.MaxOpenSessionsPerAddress)} ({options.MaxOpenSessionsPerAddress}) must not exceed {Section}{nameof(options.MaxOpenSessions)} ({options.MaxOpenSessions}).");
        }

        foreach (var transport in options.Transports.Where(t => !KnownTransports.Contains(t, StringComparer.Ordinal)))
        {
            failures.Add($"{Section}{nameof(options.Transports)} has '{transport}'; known transports are 'polling' and 'websocket'.");
        }

        for (var i = 0; i < options.SessionIdKeys.Length; i++)
        {
            if (!IsWellFormedKey(options.SessionIdKeys[i]))
            {
                failures.Add($"{Section}{nameof(options.SessionIdKeys)}:{i} must be base64 of at least {MinKeyBytes} random bytes (e.g. `openssl rand -base64 32`).");
            }
        }

        ValidateCors(failures, options.Cors);
        ValidateCookie(failures, options.Cookie);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True when <paramref name="key"/> is base64 of at least <see cref="MinKeyBytes"/> bytes.</summary>
    internal static bool IsWellFormedKey(string? key)
    {
        if (key is null)
        {
            return false;
        }

        var decoded = new byte[key.Length];
        try
        {
            return Convert.TryFromBase64String(key, decoded, out var length) && length >= MinKeyBytes;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decoded);
        }
    }

    private static void ValidateCors(List<string> failures, EngineIoCorsOptions cors)
    {
        const string Cors = Section + "Cors:";
        var any = cors.Origins.Contains("*", StringComparer.Ordinal);
        if (any && cors.Credentials)
        {
            failures.Add($"{Cors}Origins has '*' and {Cors}Credentials is true: browsers refuse that pair, and echoing any origin with credentials would let every site act as the user. List the origins.");
        }

        for (var i = 0; i < cors.Origins.Length; i++)
        {
            if (cors.Origins[i] != "*" && !IsOrigin(cors.Origins[i]))
            {
                failures.Add($"{Cors}Origins:{i} ('{cors.Origins[i]}') is not an origin: scheme://host[:port], optionally scheme://*.domain, or '*'.");
            }
        }

        for (var i = 0; i < cors.ExposedHeaders.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(cors.ExposedHeaders[i]))
            {
                failures.Add($"{Cors}ExposedHeaders:{i} is empty.");
            }
        }

        if (cors.MaxAge is { } maxAge && maxAge < TimeSpan.Zero)
        {
            failures.Add($"{Cors}MaxAge must not be negative (was {maxAge}).");
        }
    }

    private static void ValidateCookie(List<string> failures, EngineIoCookieOptions cookie)
    {
        const string Cookie = Section + "Cookie:";
        if (cookie.SameSite is not ("Lax" or "Strict" or "None"))
        {
            failures.Add($"{Cookie}SameSite is '{cookie.SameSite}'; use 'Lax', 'Strict' or 'None'.");
        }

        if (cookie.SameSite == "None" && !cookie.Secure)
        {
            failures.Add($"{Cookie}SameSite 'None' needs {Cookie}Secure true: browsers drop a SameSite=None cookie that is not Secure.");
        }

        if (!cookie.Path.StartsWith('/'))
        {
            failures.Add($"{Cookie}Path must start with '/' (was '{cookie.Path}').");
        }
    }

    /// <summary><c>scheme://host[:port]</c> with nothing after it; the host may start with <c>*.</c> (any subdomain).</summary>
    private static bool IsOrigin(string origin)
    {
        var candidate = origin.Replace("://*.", "://wildcard.", StringComparison.Ordinal);
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.GetLeftPart(UriPartial.Authority).Equals(candidate, StringComparison.OrdinalIgnoreCase);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}{key} must be positive (was {value}).");
        }
    }

    private static void Positive(List<string> failures, string key, long value)
    {
        if (value <= 0)
        {
            failures.Add($"{Section}{key} must be positive (was {value}).");
        }
    }
}
