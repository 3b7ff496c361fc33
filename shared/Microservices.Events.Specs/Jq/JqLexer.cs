using System.Globalization;
using System.Text;

namespace Microservices.Events.Specs.Jq;

/// <summary>Splits a jq program into tokens; strings with <c>\(…)</c> come out as start, middle and end pieces around the tokens of each interpolation.</summary>
internal static class JqLexer
{
    private static readonly string[] Symbols =
    [
        "|=", "+=", "-=", "*=", "/=", "%=", "//=", "==", "!=", "<=", ">=", "//", "..",
        "|", ",", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", "[", "]", "{", "}", ":", ";", "?",
    ];

    public static List<JqToken> Tokenize(string text)
    {
        var tokens = new List<JqToken>();
        var pos = 0;
        var parens = 0;
        var interpolations = new Stack<int>();
        while (true)
        {
            pos = SkipSpaceAndComments(text, pos);
            if (pos >= text.Length)
            {
                if (interpolations.Count > 0)
                {
                    throw JqParser.Error("unterminated string interpolation", pos);
                }

                tokens.Add(new(JqTokenKind.End, "", pos));
                return tokens;
            }

            var c = text[pos];
            if (c == '"')
            {
                tokens.Add(LexString(text, ref pos, JqTokenKind.String, JqTokenKind.InterpolationStart, interpolations, ref parens));
            }
            else if (c == ')' && interpolations.Count > 0 && interpolations.Peek() == parens - 1)
            {
                interpolations.Pop();
                parens--;
                tokens.Add(LexString(text, ref pos, JqTokenKind.InterpolationEnd, JqTokenKind.InterpolationMiddle, interpolations, ref parens));
            }
            else if (c == '.' && pos + 1 < text.Length && IsNameStart(text[pos + 1]))
            {
                var start = pos++;
                var name = ReadName(text, ref pos);
                tokens.Add(new(JqTokenKind.Field, name, start));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1])))
            {
                tokens.Add(LexNumber(text, ref pos));
            }
            else if (IsNameStart(c))
            {
                var start = pos;
                tokens.Add(new(JqTokenKind.Identifier, ReadName(text, ref pos), start));
            }
            else if (c == '$')
            {
                throw JqParser.Error("variables ($name) are not supported", pos);
            }
            else if (c == '@')
            {
                throw JqParser.Error("formats (@name) are not supported", pos);
            }
            else if (Symbols.FirstOrDefault(s => string.CompareOrdinal(text, pos, s, 0, s.Length) == 0) is { } symbol)
            {
                parens += symbol == "(" ? 1 : symbol == ")" ? -1 : 0;
                tokens.Add(new(JqTokenKind.Symbol, symbol, pos));
                pos += symbol.Length;
            }
            else if (c == '.')
            {
                tokens.Add(new(JqTokenKind.Dot, ".", pos++));
            }
            else
            {
                throw JqParser.Error($"unexpected character '{c}'", pos);
            }
        }
    }

    private static int SkipSpaceAndComments(string text, int pos)
    {
        while (pos < text.Length)
        {
            if (char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }
            else if (text[pos] == '#')
            {
                while (pos < text.Length && text[pos] != '\n')
                {
                    pos++;
                }
            }
            else
            {
                break;
            }
        }

        return pos;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static string ReadName(string text, ref int pos)
    {
        var start = pos;
        while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '_'))
        {
            pos++;
        }

        return text[start..pos];
    }

    private static JqToken LexNumber(string text, ref int pos)
    {
        var start = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        if (pos < text.Length && text[pos] == '.')
        {
            pos++;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }
        }

        if (pos < text.Length && text[pos] is 'e' or 'E')
        {
            var mark = pos++;
            if (pos < text.Length && text[pos] is '+' or '-')
            {
                pos++;
            }

            if (pos >= text.Length || !char.IsAsciiDigit(text[pos]))
            {
                pos = mark;
            }
            else
            {
                while (pos < text.Length && char.IsAsciiDigit(text[pos]))
                {
                    pos++;
                }
            }
        }

        var literal = text[start..pos];
        return new(JqTokenKind.Number, literal, start, double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>Reads string text from the quote or <c>)</c> at <paramref name="pos"/> to the closing quote or the next <c>\(</c>.</summary>
    private static JqToken LexString(string text, ref int pos, JqTokenKind closed, JqTokenKind opened, Stack<int> interpolations, ref int parens)
    {
        var start = pos++;
        var value = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length)
            {
                throw JqParser.Error("unterminated string", start);
            }

            var c = text[pos++];
            if (c == '"')
            {
                return new(closed, value.ToString(), start);
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (pos >= text.Length)
            {
                throw JqParser.Error("unterminated string", start);
            }

            var escape = text[pos++];
            switch (escape)
            {
                case '(':
                    interpolations.Push(parens);
                    parens++;
                    return new(opened, value.ToString(), start);
                case '"' or '\\' or '/':
                    value.Append(escape);
                    break;
                case 'b':
                    value.Append('\b');
                    break;
                case 'f':
                    value.Append('\f');
                    break;
                case 'n':
                    value.Append('\n');
                    break;
                case 'r':
                    value.Append('\r');
                    break;
                case 't':
                    value.Append('\t');
                    break;
                case 'u' when pos + 4 <= text.Length && ushort.TryParse(text.AsSpan(pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    value.Append((char)code);
                    pos += 4;
                    break;
                default:
                    throw JqParser.Error($"invalid escape '\\{escape}' in string", pos - 2);
            }
        }
    }
}
