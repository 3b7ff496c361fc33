namespace Microservices.Events.Specs.Expressions;

/// <summary>What a lexeme of an expression is.</summary>
public enum TokenKind
{
    Number,
    String,
    Bool,
    Nil,
    Identifier,
    Operator,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    Comma,
    End,
}

/// <summary>
/// One lexeme: its kind, its text (the operator symbol or the identifier), its literal value
/// (<see cref="double"/>, <see cref="long"/>, <see cref="string"/>, <see cref="bool"/> or null) and where it starts.
/// </summary>
public readonly record struct ExpressionToken(TokenKind Kind, string Text, object? Value, int Position)
{
    public bool IsOperator(string symbol) => Kind == TokenKind.Operator && Text == symbol;

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of expression",
        TokenKind.String => $"string '{Text}'",
        _ => $"'{Text}'",
    };
}
