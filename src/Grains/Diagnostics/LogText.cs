using System.Text;

namespace OrleansEio.Diagnostics;

/// <summary>
/// Makes a client-supplied string (namespace, event name, close reason, header value) safe for a log line:
/// control and line-separator characters become <c>\uXXXX</c>, so one log line stays one line and a client
/// cannot forge entries or terminal escapes; long values are cut, so a client cannot inflate the log.
/// </summary>
internal static class LogText
{
    public const int DefaultMaxLength = 128;

    public static string Escape(string? value, int maxLength = DefaultMaxLength)
    {
        if (value is null)
        {
            return "(null)";
        }

        var cut = value.Length > maxLength;
        var span = cut ? value.AsSpan(0, maxLength) : value.AsSpan();
        if (!cut && !NeedsEscape(span))
        {
            return value;
        }

        var builder = new StringBuilder(span.Length + 16);
        foreach (var c in span)
        {
            if (IsUnsafe(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (cut)
        {
            builder.Append("…(").Append(value.Length).Append(" chars)");
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    // C0/C1 controls (newlines, ESC), the Unicode line and paragraph separators, and the bidirectional
    // overrides that can make a log line read differently from what it contains.
    private static bool IsUnsafe(char c)
        => char.IsControl(c) || c is '\u2028' or '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
}
