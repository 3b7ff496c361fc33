using System.Globalization;
using System.Text;

namespace Microservices.Events.Specs.Go;

/// <summary>
/// float64 text as Go writes it (strconv.FormatFloat): <c>%v</c> (shortest, exponent from 1e+06), <c>%f</c>, <c>%e</c>,
/// and encoding/json. NaN and the infinities print as <c>NaN</c>, <c>+Inf</c> and <c>-Inf</c>; JSON has no form for them.
/// </summary>
public static class GoFloat
{
    /// <summary><c>%v</c> / <c>%g</c>: shortest digits; exponent form when the exponent is below -4 or at least 6.</summary>
    public static string FormatShortest(double value)
    {
        if (Special(value) is { } special)
        {
            return special;
        }

        var (negative, digits, point) = Decompose(value);
        var exponent = point - 1;
        var body = exponent < -4 || exponent >= 6 ? Exponent(digits, exponent) : Fixed(digits, point);
        return negative ? "-" + body : body;
    }

    /// <summary>encoding/json: shortest fixed notation, exponent form below 1e-6 or from 1e21 (<c>1e-7</c>, <c>1e+21</c>); finite values only.</summary>
    public static string FormatJson(double value)
    {
        var (negative, digits, point) = Decompose(value);
        var abs = Math.Abs(value);
        var body = abs != 0 && (abs < 1e-6 || abs >= 1e21)
            ? Exponent(digits, point - 1).Replace("e-0", "e-", StringComparison.Ordinal)
            : Fixed(digits, point);
        return negative ? "-" + body : body;
    }

    /// <summary><c>%.Nf</c>.</summary>
    public static string FormatFixed(double value, int precision) =>
        Special(value) ?? value.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary><c>%.Ne</c>: at least two exponent digits.</summary>
    public static string FormatExponent(double value, int precision)
    {
        if (Special(value) is { } special)
        {
            return special;
        }

        var text = value.ToString("E" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string? Special(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : null;

    /// <summary>Shortest round-trip digits (no leading or trailing zeros) and the decimal point position: value = 0.digits × 10^point.</summary>
    private static (bool Negative, string Digits, int Point) Decompose(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        text = text.TrimStart('-');
        var exponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.');
        var point = (dot < 0 ? text.Length : dot) + exponent;
        var digits = text.Replace(".", "", StringComparison.Ordinal);
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        return digits.Length == 0 ? (negative, "0", 1) : (negative, digits, point - leading);
    }

    private static string Exponent(string digits, int exponent)
    {
        var sb = new StringBuilder().Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits, 1, digits.Length - 1);
        }

        return sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture)).ToString();
    }

    private static string Fixed(string digits, int point)
    {
        var sb = new StringBuilder();
        if (point > 0)
        {
            sb.Append(digits, 0, Math.Min(point, digits.Length)).Append('0', Math.Max(point - digits.Length, 0));
        }
        else
        {
            sb.Append('0');
        }

        var decimals = Math.Max(digits.Length - point, 0);
        if (decimals > 0)
        {
            sb.Append('.');
            for (var i = 0; i < decimals; i++)
            {
                var j = point + i;
                sb.Append(j >= 0 && j < digits.Length ? digits[j] : '0');
            }
        }

        return sb.ToString();
    }
}
