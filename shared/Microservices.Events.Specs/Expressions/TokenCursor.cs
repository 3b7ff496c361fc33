namespace Microservices.Events.Specs.Expressions;

/// <summary>Walks a token list for the parsers.</summary>
internal sealed class TokenCursor(IReadOnlyList<ExpressionToken> tokens)
{
    private int _index;

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
