using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansEio.SocketIo;

/// <summary>
/// The name handlers see for an event. Both reference parsers accept a number as the name (<c>42[1,"x"]</c>); Node's
/// EventEmitter then dispatches it under the number's text, so a handler registered as <c>"1"</c> receives it. The text
/// is JavaScript's <c>String(number)</c>.
/// </summary>
internal static class SocketIoEventName
{
    public static string Of(JsonElement name) => name.ValueKind == JsonValueKind.String ? name.GetString()! : FromNumber(name);

    private static string FromNumber(JsonElement number)
    {
        // JavaScript reads every number as a double; one beyond the double range is an infinity.
        var value = number.TryGetDouble(out var parsed) ? parsed : number.GetRawText().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        return JavaScriptText(value);
    }

    /// <summary>ECMAScript's Number::toString: the shortest round-trip digits, in plain notation from 1e-6 up to 1e21.</summary>
    internal static string JavaScriptText(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        // .NET's "R" gives the same shortest digits; only the layout differs.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        var exponent = e < 0 ? 0 : int.Parse(text.AsSpan(e + 1), CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        var point = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        n -= leading;
        var k = digits.Length;

        var result = new StringBuilder(value < 0 ? "-" : string.Empty);
        if (k <= n && n <= 21)
        {
            result.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            result.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            result.Append(digits[0]);
            if (k > 1)
            {
                result.Append('.').Append(digits, 1, k - 1);
            }

            result.Append('e').Append(n - 1 >= 0 ? "+" : "-").Append(Math.Abs(n - 1));
        }

        return result.ToString();
    }
}
