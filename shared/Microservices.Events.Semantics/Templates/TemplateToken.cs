namespace Microservices.Events.Semantics.Templates;

internal enum TokenKind
{
    Text,
    LeftDelim,
    RightDelim,
    Identifier,
    Keyword,
    Field,
    Variable,
    Dot,
    String,
    Number,
    Bool,
    Nil,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    Eof,
}

/// <summary>One lexeme of a template: its kind, its text (decoded for strings), where it starts, and whether space precedes it.</summary>
internal readonly record struct TemplateToken(TokenKind Kind, string Value, int Pos, bool SpaceBefore = false)
{
    public override string ToString() => Kind switch
    {
        TokenKind.Eof => "EOF",
        TokenKind.Text => "text",
        TokenKind.String => $"\"{Value}\"",
        _ => Value,
    };
}
