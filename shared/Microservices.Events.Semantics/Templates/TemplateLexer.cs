using System.Globalization;
using System.Text;
using Microservices.Events.Specs.Go;

namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// Splits Go template source into text and action tokens. <c>{{- </c> trims the whitespace before an action and
/// <c> -}}</c> the whitespace after it; <c>{{/* */}}</c> is a comment.
/// </summary>
internal sealed class TemplateLexer(string source)
{
    private const string Open = "{{";
    private const string Close = "}}";

    private readonly List<TemplateToken> _tokens = [];
    private int _pos;

    public static List<TemplateToken> Lex(string source) => new TemplateLexer(source).Run();

    private List<TemplateToken> Run()
    {
        var trimNext = false;
        while (_pos < source.Length)
        {
            var open = source.IndexOf(Open, _pos, StringComparison.Ordinal);
            var end = open < 0 ? source.Length : open;
            var trimBefore = open >= 0 && HasLeftTrim(open + Open.Length);
            var text = source[_pos..end];
            if (trimNext)
            {
                text = text.TrimStart(Spaces);
            }

            if (trimBefore)
            {
                text = text.TrimEnd(Spaces);
            }

            if (text.Length > 0)
            {
                _tokens.Add(new(TokenKind.Text, text, _pos));
            }

            if (open < 0)
            {
                break;
            }

            _pos = open + Open.Length + (trimBefore ? 2 : 0);
            trimNext = IsComment() ? LexComment(open) : LexAction(open);
        }

        _tokens.Add(new(TokenKind.Eof, "", source.Length));
        return _tokens;
    }

    private static readonly char[] Spaces = [' ', '\t', '\r', '\n'];

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private bool HasLeftTrim(int at) => at + 1 < source.Length && source[at] == '-' && IsSpace(source[at + 1]);

    private bool IsComment() => string.CompareOrdinal(source, _pos, "/*", 0, 2) == 0;

    /// <summary>Reads a comment up to its closing delimiter; returns whether it trims what follows.</summary>
    private bool LexComment(int open)
    {
        var end = source.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error(open, "unclosed comment");
        }

        _pos = end + 2;
        var (isClose, trim) = AtRightDelim();
        if (!isClose)
        {
            throw Error(open, "comment ends before closing delimiter");
        }

        _pos += (trim ? 2 : 0) + Close.Length;
        return trim;
    }

    /// <summary>Reads the tokens of one action; returns whether it trims what follows.</summary>
    private bool LexAction(int open)
    {
        _tokens.Add(new(TokenKind.LeftDelim, Open, open));
        var space = false;
        var parens = 0;
        while (true)
        {
            if (_pos >= source.Length)
            {
                throw Error(open, "unclosed action");
            }

            var (isClose, trim) = AtRightDelim();
            if (isClose && parens > 0)
            {
                throw Error(_pos, "unclosed left paren");
            }

            if (isClose)
            {
                _tokens.Add(new(TokenKind.RightDelim, Close, _pos));
                _pos += (trim ? 2 : 0) + Close.Length;
                return trim;
            }

            var c = source[_pos];
            if (IsSpace(c))
            {
                _pos++;
                space = true;
                continue;
            }

            var start = _pos;
            var token = c switch
            {
                '|' => Single(TokenKind.Pipe),
                '(' => Single(TokenKind.LeftParen),
                ')' => Single(TokenKind.RightParen),
                ',' => Single(TokenKind.Comma),
                '=' => Single(TokenKind.Assign),
                ':' when Peek(1) == '=' => Advance(TokenKind.Declare, 2),
                '"' => new TemplateToken(TokenKind.String, QuotedString(), start),
                '`' => new TemplateToken(TokenKind.String, RawString(), start),
                '\'' => new TemplateToken(TokenKind.Number, CharConstant(), start),
                '$' => new TemplateToken(TokenKind.Variable, Word(1), start),
                '.' when char.IsAsciiDigit(Peek(1)) => new TemplateToken(TokenKind.Number, NumberText(), start),
                '.' when IsWordChar(Peek(1)) => new TemplateToken(TokenKind.Field, Word(1), start),
                '.' => Single(TokenKind.Dot),
                _ when char.IsAsciiDigit(c) || (c is '+' or '-' && (char.IsAsciiDigit(Peek(1)) || Peek(1) == '.')) =>
                    new TemplateToken(TokenKind.Number, NumberText(), start),
                _ when IsWordChar(c) => WordToken(Word(0), start),
                _ => throw Error(start, $"unexpected \"{c}\" in command"),
            };

            if (token.Kind == TokenKind.LeftParen)
            {
                parens++;
            }
            else if (token.Kind == TokenKind.RightParen && --parens < 0)
            {
                throw Error(start, "unexpected right paren");
            }

            _tokens.Add(token with { SpaceBefore = space });
            space = false;
        }
    }

    private (bool IsClose, bool Trim) AtRightDelim()
    {
        if (_pos + 1 < source.Length && IsSpace(source[_pos]) && source[_pos + 1] == '-'
            && string.CompareOrdinal(source, _pos + 2, Close, 0, Close.Length) == 0)
        {
            return (true, true);
        }

        return (string.CompareOrdinal(source, _pos, Close, 0, Close.Length) == 0, false);
    }

    private char Peek(int offset) => _pos + offset < source.Length ? source[_pos + offset] : '\0';

    private static bool IsWordChar(char c) => c == '_' || char.IsLetterOrDigit(c);

    private TemplateToken Single(TokenKind kind) => Advance(kind, 1);

    private TemplateToken Advance(TokenKind kind, int length)
    {
        var token = new TemplateToken(kind, source.Substring(_pos, length), _pos);
        _pos += length;
        return token;
    }

    private string Word(int prefix)
    {
        var start = _pos;
        _pos += prefix;
        while (_pos < source.Length && IsWordChar(source[_pos]))
        {
            _pos++;
        }

        return source[start.._pos];
    }

    private static TemplateToken WordToken(string word, int pos) => word switch
    {
        "true" or "false" => new(TokenKind.Bool, word, pos),
        "nil" => new(TokenKind.Nil, word, pos),
        "if" or "else" or "end" or "range" or "with" or "break" or "continue" or "define" or "template" or "block" => new(TokenKind.Keyword, word, pos),
        _ => new(TokenKind.Identifier, word, pos),
    };

    private string NumberText()
    {
        var start = _pos;
        if (source[_pos] is '+' or '-')
        {
            _pos++;
        }

        var digits = "0123456789_";
        if (Peek(0) == '0' && Peek(1) is 'x' or 'X')
        {
            _pos += 2;
            digits = "0123456789abcdefABCDEF_";
        }
        else if (Peek(0) == '0' && Peek(1) is 'o' or 'O' or 'b' or 'B')
        {
            _pos += 2;
        }

        Run(digits);
        if (Peek(0) == '.')
        {
            _pos++;
            Run(digits);
        }

        if (digits.Length == 11 && Peek(0) is 'e' or 'E')
        {
            _pos++;
            if (Peek(0) is '+' or '-')
            {
                _pos++;
            }

            Run("0123456789_");
        }

        if (_pos < source.Length && IsWordChar(source[_pos]))
        {
            throw Error(start, $"bad number syntax: \"{source[start..(_pos + 1)]}\"");
        }

        return source[start.._pos];

        void Run(string accept)
        {
            while (_pos < source.Length && accept.Contains(source[_pos]))
            {
                _pos++;
            }
        }
    }

    private string RawString()
    {
        var end = source.IndexOf('`', _pos + 1);
        if (end < 0)
        {
            throw Error(_pos, "unterminated raw quoted string");
        }

        var text = source[(_pos + 1)..end];
        _pos = end + 1;
        return text;
    }

    private string QuotedString()
    {
        var start = _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= source.Length || source[_pos] == '\n')
            {
                throw Error(start, "unterminated quoted string");
            }

            var c = source[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c == '\\')
            {
                Escape(sb, '"', start);
            }
            else
            {
                sb.Append(c);
            }
        }
    }

    private string CharConstant()
    {
        var start = _pos++;
        var sb = new StringBuilder();
        if (Peek(0) == '\\')
        {
            _pos++;
            Escape(sb, '\'', start);
        }
        else if (_pos < source.Length && source[_pos] != '\'')
        {
            // One character, or a surrogate pair; a lone surrogate is none (Go's invalid UTF-8), so the constant is malformed.
            if (char.IsHighSurrogate(source[_pos]) && _pos + 1 < source.Length && char.IsLowSurrogate(source[_pos + 1]))
            {
                sb.Append(source, _pos, 2);
            }
            else if (!char.IsSurrogate(source[_pos]))
            {
                sb.Append(source[_pos]);
            }

            _pos += sb.Length;
        }

        if (Peek(0) != '\'' || sb.Length == 0)
        {
            throw Error(start, "malformed character constant");
        }

        _pos++;
        return char.ConvertToUtf32(sb.ToString(), 0).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Decodes the escape after a backslash, as Go's strconv.Unquote does.</summary>
    private void Escape(StringBuilder sb, char quote, int start)
    {
        var escape = GoEscape.Decode(source, _pos, [quote]);
        if (escape.Status != GoEscapeStatus.Decoded)
        {
            throw Error(start, escape.Status switch
            {
                GoEscapeStatus.Unterminated => "unterminated quoted string",
                GoEscapeStatus.BadValue => "invalid syntax: bad escape",
                _ => $"invalid syntax: unknown escape \\{Peek(0)}",
            });
        }

        sb.Append(escape.Value);
        _pos = escape.Next;
    }

    private TemplateException Error(int pos, string message) => TemplateErrors.Parse(source, pos, message);
}
