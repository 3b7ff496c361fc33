namespace Microservices.Events.Specs.Expressions;

/// <summary>An expression that does not parse; the message names the problem and its position.</summary>
public sealed class ExpressionSyntaxException(string reason, int position) : Exception($"{reason} (at position {position + 1})")
{
    /// <summary>The problem without its position.</summary>
    public string Reason { get; } = reason;

    /// <summary>Zero-based offset into the expression text.</summary>
    public int Position { get; } = position;
}
