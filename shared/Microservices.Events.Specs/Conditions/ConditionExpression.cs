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

    /// <summary>
    /// The dependency a name in <c>conditions</c> stands for. Argo reads <c>-</c> as <c>_</c> in conditions and in
    /// dependency names alike, so <c>dep-1</c> and <c>dep_1</c> name the same dependency; an exact name wins, and a
    /// name that matches two dependencies only that way is ambiguous (<paramref name="error"/>).
    /// </summary>
    public static bool TryResolveName(string name, IReadOnlyCollection<string> dependencyNames, out string? dependency, out string? error)
    {
        error = null;
        if (dependencyNames.Contains(name))
        {
            dependency = name;
            return true;
        }

        var key = Normalize(name);
        var candidates = dependencyNames.Where(d => Normalize(d) == key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        dependency = candidates.Count == 1 ? candidates[0] : null;
        error = candidates.Count switch
        {
            0 => $"unknown dependency \"{name}\"",
            1 => null,
            _ => $"\"{name}\" matches dependencies {string.Join(" and ", candidates.Select(c => $"\"{c}\""))} (\"-\" reads as \"_\" in conditions)",
        };
        return dependency is not null;
    }

    /// <summary>
    /// <paramref name="expression"/> with every name replaced by the dependency it stands for
    /// (<see cref="TryResolveName"/>); the text itself when every name is a dependency already.
    /// </summary>
    /// <exception cref="FormatException">The expression does not parse, or a name stands for no dependency or for two.</exception>
    public static string ResolveNames(string expression, IReadOnlyCollection<string> dependencyNames)
    {
        var node = Parse(expression);
        if (node.Dependencies().All(dependencyNames.Contains))
        {
            return expression;
        }

        return node.Rename(name => TryResolveName(name, dependencyNames, out var dependency, out var error) ? dependency! : throw new FormatException(error)).ToString();
    }

    private static string Normalize(string name) => name.Replace('-', '_');

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
