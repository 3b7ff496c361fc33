using System.Globalization;
using System.Text;

namespace Microservices.Events.Specs.Go;

/// <summary>
/// Go's strconv.Quote and QuoteRune: a double-quoted string or single-quoted character literal. The quote and the
/// backslash are escaped, and so is every character Go does not print (<c>\n</c>, <c>\x00</c>, <c>\u00ad</c>, <c>\U000e0001</c>).
/// </summary>
public static class GoQuote
{
    /// <summary>strconv.Quote: <c>"a\tb"</c>.</summary>
    public static string Quote(string text) => Quote(text, '"');

    /// <summary>strconv.QuoteRune: <c>'x'</c>, <c>'\''</c>, <c>'\n'</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a Unicode scalar value (a surrogate, or beyond U+10FFFF).</exception>
    public static string QuoteRune(int codePoint) => Quote(char.ConvertFromUtf32(codePoint), '\'');

    private static string Quote(string text, char quote)
    {
        var sb = new StringBuilder().Append(quote);
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == quote || c == '\\')
            {
                sb.Append('\\').Append((char)c);
            }
            else if (IsPrint(rune))
            {
                sb.Append(rune.ToString());
            }
            else
            {
                sb.Append(c switch
                {
                    '\a' => @"\a",
                    '\b' => @"\b",
                    '\f' => @"\f",
                    '\n' => @"\n",
                    '\r' => @"\r",
                    '\t' => @"\t",
                    '\v' => @"\v",
                    < 0x80 => $"\\x{c:x2}",
                    < 0x10000 => $"\\u{c:x4}",
                    _ => $"\\U{c:x8}",
                });
            }
        }

        return sb.Append(quote).ToString();
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrint(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
