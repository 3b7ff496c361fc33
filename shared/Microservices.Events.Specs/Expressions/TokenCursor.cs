namespace Microservices.Events.Specs.Expressions;

/// <summary>Walks a token list for the parsers.</summary>
internal sealed class TokenCursor(IReadOnlyList<ExpressionToken> tokens)
{
    /// <summary>Nested sub-expressions (parentheses, operands of unary operators, …) one expression may hold.</summary>
    public const int MaxDepth = 256;

    private int _index;
    private int _depth;

    /// <summary>Runs one level of the recursive descent, refusing to go deeper than <see cref="MaxDepth"/> so the stack cannot run out.</summary>
    public T Nested<T>(Func<T> parse)
    {
        if (++_depth > MaxDepth)
        {
            throw new ExpressionSyntaxException($"the expression is nested more than {MaxDepth} levels deep", Current.Position);
        }

        try
        {
            return parse();
        }
        finally
        {
            _depth--;
        }
    }

    public ExpressionToken Current => tokens[_index];

    public ExpressionToken Peek(int ahead = 1) => tokens[Math.Min(_index + ahead, tokens.Count - 1)];

    public ExpressionToken Next()
    {
        var token = tokens[_index];
        if (_index < tokens.Count - 1)
        {
            _index++;
        }

        return token;
    }

    public bool TryOperator(string symbol)
    {
        if (!Current.IsOperator(symbol))
        {
            return false;
        }

        Next();
        return true;
    }

    public ExpressionToken Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected($"expected {what}");
        }

        return Next();
    }

    public ExpressionSyntaxException Unexpected(string? expectation = null) =>
        new(expectation is null ? $"unexpected {Current.Describe()}" : $"{expectation}, found {Current.Describe()}", Current.Position);
}
