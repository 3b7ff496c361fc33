namespace Microservices.Events.Specs.Expressions;

/// <summary>Parses govaluate (dependency <c>exprs</c>) and expr (event-source <c>filter.expression</c>) expressions.</summary>
public static class ExpressionParser
{
    /// <exception cref="ExpressionSyntaxException">The text does not parse in <paramref name="dialect"/>.</exception>
    public static ParsedExpression Parse(string text, ExpressionDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = dialect switch
        {
            ExpressionDialect.Govaluate => new GovaluateParser(GovaluateTokenizer.Tokenize(text)).ParseAll(),
            ExpressionDialect.Expr => new ExprParser(ExprTokenizer.Tokenize(text)).ParseAll(),
            _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "unknown expression dialect"),
        };
        return new ParsedExpression(text, dialect, root);
    }

    public static bool TryParse(string text, ExpressionDialect dialect, out ParsedExpression? parsed, out string? error)
    {
        try
        {
            parsed = Parse(text, dialect);
            error = null;
            return true;
        }
        catch (ExpressionSyntaxException ex)
        {
            parsed = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The functions an expression calls, e.g. to report those that are not available.</summary>
    public static IEnumerable<CallNode> Calls(ExpressionNode node)
    {
        var children = node switch
        {
            MemberNode m => [m.Target],
            IndexNode i => [i.Target, i.Index],
            UnaryNode u => [u.Operand],
            BinaryNode b => [b.Left, b.Right],
            ConditionalNode c => [c.Condition, c.WhenTrue, c.WhenFalse],
            ListNode l => l.Items,
            CallNode call => call.Arguments,
            _ => (IReadOnlyList<ExpressionNode>)[],
        };
        if (node is CallNode self)
        {
            yield return self;
        }

        foreach (var call in children.SelectMany(Calls))
        {
            yield return call;
        }
    }
}
