using System.Globalization;
using System.Text;

namespace Microservices.Events.Specs.Expressions;

/// <summary>
/// Splits a govaluate expression into tokens the way govaluate does: a run of symbol characters is one operator
/// (so <c>!==</c> is an invalid token, not <c>!=</c> and <c>=</c>); strings open and close with either quote;
/// <c>[any name]</c> is a variable; a dotted name is a field accessor; <c>in</c>/<c>IN</c> is the list operator;
/// string literals that read as dates become Unix seconds.
/// </summary>
internal static class GovaluateTokenizer
{
    private static readonly HashSet<string> Symbols =
    [
        "-", "!", "~",
        "+", "*", "/", "%", "**", "&", "|", "^", ">>", "<<",
        "&&", "||",
        "==", "!=", ">", ">=", "<", "<=", "=~", "!~",
        "?", ":", "??",
    ];

    public static List<ExpressionToken> Tokenize(string text)
    {
        var tokens = new List<ExpressionToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new(TokenKind.End, "", null, text.Length));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (char.IsAsciiDigit(c) || c == '.')
            {
                tokens.Add(Number(text, ref i));
            }
            else if (c == ',')
            {
                tokens.Add(new(TokenKind.Comma, ",", null, i++));
            }
            else if (c == '(')
            {
                tokens.Add(new(TokenKind.LeftParen, "(", null, i++));
            }
            else if (c == ')')
            {
                tokens.Add(new(TokenKind.RightParen, ")", null, i++));
            }
            else if (c == '[')
            {
                var name = ReadEscaped(text, ref i, ']', "unclosed parameter bracket: add ']'");
                tokens.Add(new(TokenKind.Identifier, name, name, start));
            }
            else if (c is '\'' or '"')
            {
                var value = ReadEscaped(text, ref i, '\0', "unclosed string literal");
                tokens.Add(GovaluateDates.TryParse(value, out var seconds)
                    ? new(TokenKind.Number, value, seconds, start)
                    : new(TokenKind.String, value, value, start));
            }
            else if (char.IsLetter(c))
            {
                tokens.Add(Word(text, ref i));
            }
            else
            {
                while (i < text.Length && IsSymbolChar(text[i]))
                {
                    i++;
                }

                var symbol = text[start..i];
                if (!Symbols.Contains(symbol))
                {
                    throw new ExpressionSyntaxException($"invalid token '{symbol}'", start);
                }

                tokens.Add(new(TokenKind.Operator, symbol, null, start));
            }
        }
    }

    private static ExpressionToken Number(string text, ref int i)
    {
        var start = i;
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] == 'x')
        {
            i += 2;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                i++;
            }

            var hex = text[(start + 2)..i];
            if (!ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                throw new ExpressionSyntaxException($"unable to parse hex value '{hex}'", start);
            }

            return new(TokenKind.Number, text[start..i], (double)value, start);
        }

        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        var literal = text[start..i];
        if (!double.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new ExpressionSyntaxException($"unable to parse numeric value '{literal}'", start);
        }

        return new(TokenKind.Number, literal, number, start);
    }

    private static ExpressionToken Word(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.'))
        {
            i++;
        }

        var word = text[start..i];
        switch (word)
        {
            case "true":
                return new(TokenKind.Bool, word, true, start);
            case "false":
                return new(TokenKind.Bool, word, false, start);
            case "in" or "IN":
                return new(TokenKind.Operator, "in", null, start);
        }

        if (!word.Contains('.'))
        {
            return new(TokenKind.Identifier, word, word, start);
        }

        if (word.EndsWith('.'))
        {
            throw new ExpressionSyntaxException($"hanging accessor on token '{word}'", start);
        }

        var segments = word.Split('.');
        foreach (var segment in segments.Skip(1))
        {
            if (segment.Length == 0 || char.IsLower(segment[0]))
            {
                throw new ExpressionSyntaxException($"unable to access unexported field '{segment}' in token '{word}' (use [{word}] for a variable whose name has dots)", start);
            }
        }

        return new(TokenKind.Identifier, word, segments, start);
    }

    /// <summary>Reads from the opening character at <paramref name="i"/> to <paramref name="close"/> (any quote when '\0'); a backslash escapes the next character.</summary>
    private static string ReadEscaped(string text, ref int i, char close, string unclosed)
    {
        var start = i++;
        var value = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i++];
            if (c == '\\' && i < text.Length)
            {
                value.Append(text[i++]);
            }
            else if (close == '\0' ? c is '\'' or '"' : c == close)
            {
                return value.ToString();
            }
            else
            {
                value.Append(c);
            }
        }

        throw new ExpressionSyntaxException(unclosed, start);
    }

    private static bool IsSymbolChar(char c) =>
        !(char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || c is '(' or ')' or '[' or ']' or '\'' or '"' or ',');
}
