using System.Globalization;
using System.Text;
using Microservices.Events.Specs.Go;

namespace Microservices.Events.Specs.Expressions;

/// <summary>
/// Splits an expr (antonmedv/expr) expression into tokens: integers (decimal, <c>0x</c>, <c>0o</c>, <c>0b</c>,
/// <c>_</c> separators) and floats, strings in <c>'</c>, <c>"</c> (Go escapes) or backticks (raw), names, the word
/// operators (<c>and or not in matches contains startsWith endsWith</c>) and symbols.
/// </summary>
internal static class ExprTokenizer
{
    private static readonly HashSet<string> WordOperators = ["and", "or", "not", "in", "matches", "contains", "startsWith", "endsWith"];

    private static readonly string[] TwoCharSymbols = ["**", "==", "!=", "<=", ">=", "&&", "||", "??", ".."];

    private const string OneCharSymbols = "+-*/%^<>!?:.";

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
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(next)))
            {
                tokens.Add(Number(text, ref i));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(QuotedString(text, ref i));
            }
            else if (c == '`')
            {
                var close = text.IndexOf('`', i + 1);
                if (close < 0)
                {
                    throw new ExpressionSyntaxException("unclosed raw string literal", start);
                }

                var raw = text[(i + 1)..close];
                i = close + 1;
                tokens.Add(new(TokenKind.String, raw, raw, start));
            }
            else if (char.IsLetter(c) || c is '_' or '$')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                var word = text[start..i];
                tokens.Add(word switch
                {
                    "true" => new(TokenKind.Bool, word, true, start),
                    "false" => new(TokenKind.Bool, word, false, start),
                    "nil" => new(TokenKind.Nil, word, null, start),
                    _ when WordOperators.Contains(word) => new(TokenKind.Operator, word, null, start),
                    _ => new(TokenKind.Identifier, word, word, start),
                });
            }
            else
            {
                tokens.Add(Symbol(text, ref i));
            }
        }
    }

    private static ExpressionToken Symbol(string text, ref int i)
    {
        var start = i;
        var c = text[i];
        switch (c)
        {
            case '(':
                i++;
                return new(TokenKind.LeftParen, "(", null, start);
            case ')':
                i++;
                return new(TokenKind.RightParen, ")", null, start);
            case '[':
                i++;
                return new(TokenKind.LeftBracket, "[", null, start);
            case ']':
                i++;
                return new(TokenKind.RightBracket, "]", null, start);
            case '{':
                i++;
                return new(TokenKind.LeftBrace, "{", null, start);
            case '}':
                i++;
                return new(TokenKind.Operator, "}", null, start);
            case ',':
                i++;
                return new(TokenKind.Comma, ",", null, start);
            case '#':
                throw new ExpressionSyntaxException("closures and predicates (#) are not supported", start);
        }

        if (i + 1 < text.Length)
        {
            var two = text.Substring(i, 2);
            if (two == "?." && !(i + 2 < text.Length && char.IsAsciiDigit(text[i + 2])))
            {
                throw new ExpressionSyntaxException("optional chaining '?.' is not supported", start);
            }

            if (TwoCharSymbols.Contains(two))
            {
                i += 2;
                return new(TokenKind.Operator, two, null, start);
            }
        }

        if (OneCharSymbols.Contains(c))
        {
            i++;
            return new(TokenKind.Operator, c.ToString(), null, start);
        }

        throw new ExpressionSyntaxException($"unexpected character '{c}'", start);
    }

    private static ExpressionToken Number(string text, ref int i)
    {
        var start = i;
        if (text[i] == '0' && i + 1 < text.Length && char.ToLowerInvariant(text[i + 1]) is 'x' or 'o' or 'b')
        {
            var radix = char.ToLowerInvariant(text[i + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            i += 2;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            var digits = text[(start + 2)..i].Replace("_", "", StringComparison.Ordinal);
            try
            {
                return new(TokenKind.Number, text[start..i], Convert.ToInt64(digits, radix), start);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                throw new ExpressionSyntaxException($"invalid number '{text[start..i]}'", start);
            }
        }

        var isFloat = false;
        ReadDigits(text, ref i);
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            isFloat = true;
            i++;
            ReadDigits(text, ref i);
        }
        else if (i < text.Length && text[i] == '.' && (i + 1 >= text.Length || text[i + 1] != '.') && !(i + 1 < text.Length && char.IsLetter(text[i + 1])))
        {
            isFloat = true;
            i++;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            isFloat = true;
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            ReadDigits(text, ref i);
        }

        if (i < text.Length && (char.IsLetter(text[i]) || text[i] == '_'))
        {
            throw new ExpressionSyntaxException($"invalid number '{text[start..(i + 1)]}'", start);
        }

        var literal = text[start..i].Replace("_", "", StringComparison.Ordinal);
        if (isFloat)
        {
            if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                throw new ExpressionSyntaxException($"invalid number '{text[start..i]}'", start);
            }

            return new(TokenKind.Number, text[start..i], d, start);
        }

        if (!long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new ExpressionSyntaxException($"integer '{text[start..i]}' is out of range", start);
        }

        return new(TokenKind.Number, text[start..i], n, start);
    }

    private static void ReadDigits(string text, ref int i)
    {
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }
    }

    private static ExpressionToken QuotedString(string text, ref int i)
    {
        var start = i;
        var quote = text[i++];
        var value = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i++];
            if (c == quote)
            {
                var s = value.ToString();
                return new(TokenKind.String, s, s, start);
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (i >= text.Length)
            {
                break;
            }

            var escape = GoEscape.Decode(text, i, "'\"");
            if (escape.Status != GoEscapeStatus.Decoded)
            {
                throw escape.Status switch
                {
                    GoEscapeStatus.Unterminated => new ExpressionSyntaxException("unclosed string literal", start),
                    GoEscapeStatus.BadValue => new ExpressionSyntaxException($"invalid escape value '{escape.Digits}' in string literal", escape.Next),
                    _ => new ExpressionSyntaxException($"invalid escape '\\{text[i]}' in string literal", i - 1),
                };
            }

            value.Append(escape.Value);
            i = escape.Next;
        }

        throw new ExpressionSyntaxException("unclosed string literal", start);
    }
}
