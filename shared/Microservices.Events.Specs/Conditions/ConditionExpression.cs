namespace Microservices.Events.Specs.Conditions;

/// <summary>
/// Parses Argo's trigger <c>conditions</c>: dependency names joined by <c>&amp;&amp;</c> and <c>||</c> with
/// parentheses; <c>&amp;&amp;</c> binds tighter. Names may contain letters, digits, <c>-</c>, <c>_</c> and <c>.</c>.
/// </summary>
public static class ConditionExpression
{
    /// <summary>The expression a trigger uses: its own conditions, or the AND of all dependencies.</summary>
    public static string Effective(string? conditions, IEnumerable<string> dependencyNames) =>
        string.IsNullOrWhiteSpace(conditions) ? string.Join(" && ", dependencyNames) : conditions.Trim();

    /// <summary>Argo keeps correlation state only when the expression contains an AND.</summary>
    public static bool NeedsState(string expression) => expression.Contains('&', StringComparison.Ordinal);

    public static bool TryParse(string expression, out ConditionNode? node, out string? error)
    {
        try
        {
            node = Parse(expression);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            node = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Parses or throws <see cref="FormatException"/> naming the problem and its position.</summary>
    public static ConditionNode Parse(string expression)
    {
        var parser = new Parser(expression);
        var node = parser.ParseOr();
        parser.ExpectEnd();
        return node;
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public ConditionNode ParseOr()
        {
            var left = ParseAnd();
            while (TryConsume("||"))
            {
                left = new OrCondition(left, ParseAnd());
            }

            return left;
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos < text.Length)
            {
                throw Error($"unexpected \"{text[_pos..]}\"");
            }
        }

        private ConditionNode ParseAnd()
        {
            var left = ParsePrimary();
            while (TryConsume("&&"))
            {
                left = new AndCondition(left, ParsePrimary());
            }

            return left;
        }

        private ConditionNode ParsePrimary()
        {
            SkipSpace();
            if (_pos >= text.Length)
            {
                throw Error("expected a dependency name or \"(\", found the end");
            }

            if (text[_pos] == '(')
            {
                _pos++;
                var inner = ParseOr();
                SkipSpace();
                if (_pos >= text.Length || text[_pos] != ')')
                {
                    throw Error("missing \")\"");
                }

                _pos++;
                return inner;
            }

            var start = _pos;
            while (_pos < text.Length && IsNameChar(text[_pos]))
            {
                _pos++;
            }

            if (start == _pos)
            {
                throw Error($"expected a dependency name, found \"{text[_pos]}\"");
            }

            return new DependencyRef(text[start.._pos]);
        }

        private bool TryConsume(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _pos, token, 0, token.Length) == 0)
            {
                _pos += token.Length;
                return true;
            }

            return false;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.';

        private FormatException Error(string message) => new($"{message} at position {_pos + 1}");
    }
}
