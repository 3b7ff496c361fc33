using System.Text.RegularExpressions;

namespace Microservices.Events.Specs.Expressions;

/// <summary>
/// govaluate's grammar. From loosest to tightest: <c>,</c> (lists) · <c>? : ??</c> · <c>||</c> · <c>&amp;&amp;</c> ·
/// comparators <c>== != &gt; &gt;= &lt; &lt;= =~ !~ in</c> · <c>&amp; | ^</c> · <c>&lt;&lt; &gt;&gt;</c> · <c>+ -</c> ·
/// <c>* / %</c> · <c>**</c> · prefix <c>- ! ~</c> · values. Every binary level associates to the left, <c>**</c>
/// and the ternary included, as govaluate's stage reordering makes them: <c>a ? b : c</c> is <c>(a ? b) : c</c>.
/// </summary>
internal sealed class GovaluateParser(IReadOnlyList<ExpressionToken> tokens)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    private static readonly Dictionary<string, BinaryOperator>[] Levels =
    [
        new() { ["?"] = BinaryOperator.TernaryIf, [":"] = BinaryOperator.TernaryElse, ["??"] = BinaryOperator.Coalesce },
        new() { ["||"] = BinaryOperator.Or },
        new() { ["&&"] = BinaryOperator.And },
        new()
        {
            ["=="] = BinaryOperator.Equal, ["!="] = BinaryOperator.NotEqual, [">"] = BinaryOperator.Greater, [">="] = BinaryOperator.GreaterOrEqual,
            ["<"] = BinaryOperator.Less, ["<="] = BinaryOperator.LessOrEqual, ["=~"] = BinaryOperator.RegexMatch, ["!~"] = BinaryOperator.RegexNotMatch,
            ["in"] = BinaryOperator.In,
        },
        new() { ["&"] = BinaryOperator.BitAnd, ["|"] = BinaryOperator.BitOr, ["^"] = BinaryOperator.BitXor },
        new() { ["<<"] = BinaryOperator.ShiftLeft, [">>"] = BinaryOperator.ShiftRight },
        new() { ["+"] = BinaryOperator.Add, ["-"] = BinaryOperator.Subtract },
        new() { ["*"] = BinaryOperator.Multiply, ["/"] = BinaryOperator.Divide, ["%"] = BinaryOperator.Modulo },
        new() { ["**"] = BinaryOperator.Power },
    ];

    private readonly TokenCursor _cursor = new(tokens);

    public ExpressionNode ParseAll()
    {
        if (_cursor.Current.Kind == TokenKind.End)
        {
            throw new ExpressionSyntaxException("the expression is empty", 0);
        }

        var node = ParseSequence();
        if (_cursor.Current.Kind != TokenKind.End)
        {
            throw _cursor.Current.Kind == TokenKind.RightParen
                ? new ExpressionSyntaxException("unbalanced parenthesis: ')' without '('", _cursor.Current.Position)
                : _cursor.Unexpected("expected an operator or the end of the expression");
        }

        return node;
    }

    /// <summary>One expression, or several separated by commas (a list).</summary>
    private ExpressionNode ParseSequence()
    {
        var first = ParseLevel(0);
        if (_cursor.Current.Kind != TokenKind.Comma)
        {
            return first;
        }

        var items = new List<ExpressionNode> { first };
        while (_cursor.Current.Kind == TokenKind.Comma)
        {
            _cursor.Next();
            items.Add(ParseLevel(0));
        }

        return new ListNode(items, first.Position);
    }

    private ExpressionNode ParseLevel(int level)
    {
        if (level == Levels.Length)
        {
            return ParsePrefix();
        }

        var left = ParseLevel(level + 1);
        while (_cursor.Current.Kind == TokenKind.Operator && Levels[level].TryGetValue(_cursor.Current.Text, out var op))
        {
            var token = _cursor.Next();
            var right = op == BinaryOperator.In && _cursor.Current.Kind == TokenKind.LeftParen
                ? ParseParenthesizedList()
                : ParseLevel(level + 1);
            if (op is BinaryOperator.RegexMatch or BinaryOperator.RegexNotMatch && right is LiteralNode { Value: string pattern })
            {
                right = new PatternNode(CompilePattern(pattern, right.Position), right.Position);
            }

            left = new BinaryNode(op, left, right, token.Position);
        }

        return left;
    }

    private ExpressionNode ParsePrefix() => _cursor.Nested(ParsePrefixAt);

    private ExpressionNode ParsePrefixAt()
    {
        var token = _cursor.Current;
        UnaryOperator? op = token.Kind != TokenKind.Operator ? null : token.Text switch
        {
            "-" => UnaryOperator.Negate,
            "!" => UnaryOperator.Not,
            "~" => UnaryOperator.BitNot,
            _ => null,
        };
        if (op is null)
        {
            return ParseValue();
        }

        _cursor.Next();
        return new UnaryNode(op.Value, ParsePrefix(), token.Position);
    }

    private ExpressionNode ParseValue()
    {
        var token = _cursor.Current;
        switch (token.Kind)
        {
            case TokenKind.Number or TokenKind.String or TokenKind.Bool:
                _cursor.Next();
                return new LiteralNode(token.Value, token.Position);

            case TokenKind.Identifier:
                _cursor.Next();
                if (_cursor.Current.Kind == TokenKind.LeftParen)
                {
                    throw new ExpressionSyntaxException(
                        token.Value is string ? $"undefined function {token.Text}" : $"method calls such as {token.Text}(...) are not supported",
                        token.Position);
                }

                return token.Value is string[] segments ? Accessor(segments, token.Position) : new VariableNode((string)token.Value!, token.Position);

            case TokenKind.LeftParen:
            {
                _cursor.Next();
                if (_cursor.Current.Kind == TokenKind.RightParen)
                {
                    throw new ExpressionSyntaxException("empty parentheses", token.Position);
                }

                var inner = ParseSequence();
                ExpectClose(token);
                return inner;
            }

            case TokenKind.End:
                throw new ExpressionSyntaxException("unexpected end of expression", token.Position);

            default:
                throw _cursor.Unexpected("expected a value");
        }
    }

    /// <summary>The right side of <c>in</c> in parentheses is a list even with one item (or none).</summary>
    private ListNode ParseParenthesizedList()
    {
        var open = _cursor.Next();
        var items = new List<ExpressionNode>();
        if (_cursor.Current.Kind != TokenKind.RightParen)
        {
            items.Add(ParseLevel(0));
            while (_cursor.Current.Kind == TokenKind.Comma)
            {
                _cursor.Next();
                items.Add(ParseLevel(0));
            }
        }

        ExpectClose(open);
        return new ListNode(items, open.Position);
    }

    private void ExpectClose(ExpressionToken open)
    {
        if (_cursor.Current.Kind == TokenKind.End)
        {
            throw new ExpressionSyntaxException("unbalanced parenthesis: '(' is never closed", open.Position);
        }

        _cursor.Expect(TokenKind.RightParen, "expected ')'");
    }

    private static ExpressionNode Accessor(string[] segments, int position)
    {
        ExpressionNode node = new VariableNode(segments[0], position);
        foreach (var segment in segments.Skip(1))
        {
            node = new MemberNode(node, segment, position);
        }

        return node;
    }

    private static Regex CompilePattern(string pattern, int position)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ExpressionSyntaxException($"invalid regular expression '{pattern}': {ex.Message}", position);
        }
    }
}
