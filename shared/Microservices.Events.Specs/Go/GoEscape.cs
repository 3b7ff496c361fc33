namespace Microservices.Events.Specs.Go;

/// <summary>
/// The backslash escapes of Go string and character literals (strconv.UnquoteChar): <c>\a \b \f \n \r \t \v \\</c>,
/// a backslashed quote, <c>\xHH</c> and <c>\ooo</c> (one character, up to <c>\777</c>), <c>\uHHHH</c> and
/// <c>\UHHHHHHHH</c> (any code point but a surrogate). Digits are exactly two, three, four or eight, without sign or prefix.
/// </summary>
public static class GoEscape
{
    /// <summary>Decodes the escape whose letter stands at <paramref name="at"/>, just after a backslash.</summary>
    /// <param name="text">The literal's source.</param>
    /// <param name="at">The index after the backslash.</param>
    /// <param name="quotes">The quote characters a backslash may escape: the literal's own, or both <c>'</c> and <c>"</c>.</param>
    public static GoEscapeResult Decode(string text, int at, ReadOnlySpan<char> quotes)
    {
        if (at >= text.Length)
        {
            return new(GoEscapeStatus.Unknown, "", at);
        }

        var letter = text[at];
        return letter switch
        {
            'a' => Decoded("\a", at + 1),
            'b' => Decoded("\b", at + 1),
            'f' => Decoded("\f", at + 1),
            'n' => Decoded("\n", at + 1),
            'r' => Decoded("\r", at + 1),
            't' => Decoded("\t", at + 1),
            'v' => Decoded("\v", at + 1),
            'x' => CodePoint(text, at + 1, 2, 16),
            'u' => CodePoint(text, at + 1, 4, 16),
            'U' => CodePoint(text, at + 1, 8, 16),
            >= '0' and <= '7' => CodePoint(text, at, 3, 8),
            _ when letter == '\\' || quotes.Contains(letter) => Decoded(letter.ToString(), at + 1),
            _ => new(GoEscapeStatus.Unknown, "", at),
        };
    }

    private static GoEscapeResult Decoded(string value, int next) => new(GoEscapeStatus.Decoded, value, next);

    private static GoEscapeResult CodePoint(string text, int start, int length, int radix)
    {
        if (start + length > text.Length)
        {
            return new(GoEscapeStatus.Unterminated, "", start);
        }

        var digits = text.Substring(start, length);
        var value = 0L;
        foreach (var digit in digits)
        {
            var d = DigitValue(digit);
            if (d >= radix)
            {
                return new(GoEscapeStatus.BadValue, "", start, digits);
            }

            value = (value * radix) + d;
        }

        return value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF
            ? new(GoEscapeStatus.BadValue, "", start, digits)
            : Decoded(char.ConvertFromUtf32((int)value), start + length);
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => int.MaxValue,
    };
}
