namespace Microservices.Events.Specs.Jq;

internal enum JqTokenKind
{
    End,

    /// <summary>A lone <c>.</c></summary>
    Dot,

    /// <summary><c>.name</c>; <see cref="JqToken.Text"/> is the name.</summary>
    Field,

    /// <summary>A name or keyword.</summary>
    Identifier,

    Number,

    /// <summary>A string without interpolation; <see cref="JqToken.Text"/> is its decoded value.</summary>
    String,

    /// <summary>The text of a string up to its first <c>\(</c>.</summary>
    InterpolationStart,

    /// <summary>The text between a <c>)</c> closing an interpolation and the next <c>\(</c>.</summary>
    InterpolationMiddle,

    /// <summary>The text between the last interpolation and the closing quote.</summary>
    InterpolationEnd,

    /// <summary>An operator or punctuation; <see cref="JqToken.Text"/> is the symbol.</summary>
    Symbol,
}

/// <summary>One token of a jq program and where it starts (0-based).</summary>
internal readonly record struct JqToken(JqTokenKind Kind, string Text, int Position, double Number = 0)
{
    public bool Is(string symbol) => Kind == JqTokenKind.Symbol && Text == symbol;

    public bool IsKeyword(string word) => Kind == JqTokenKind.Identifier && Text == word;

    public override string ToString() => Kind switch
    {
        JqTokenKind.End => "end of program",
        JqTokenKind.Field => $"\".{Text}\"",
        JqTokenKind.String or JqTokenKind.InterpolationStart or JqTokenKind.InterpolationMiddle or JqTokenKind.InterpolationEnd => "a string",
        JqTokenKind.Dot => "\".\"",
        _ => $"\"{Text}\"",
    };
}
