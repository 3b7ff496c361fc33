using System.Globalization;
using System.Text.RegularExpressions;

namespace Microservices.Events.Specs.Expressions;

/// <summary>
/// A parsed expression. <see cref="object.ToString"/> prints it fully parenthesised, which shows how it was grouped.
/// </summary>
public abstract record ExpressionNode(int Position);

/// <summary>A number (<see cref="double"/>, or <see cref="long"/> in expr), string, bool or null.</summary>
public sealed record LiteralNode(object? Value, int Position) : ExpressionNode(Position)
{
    public override string ToString() => Value switch
    {
        null => "nil",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? "",
    };
}

/// <summary>A govaluate regex literal: the string right of <c>=~</c>/<c>!~</c>, compiled when parsed.</summary>
public sealed record PatternNode(Regex Pattern, int Position) : ExpressionNode(Position)
{
    public override string ToString() => $"/{Pattern}/";
}

/// <summary>A variable (govaluate parameter, expr environment key).</summary>
public sealed record VariableNode(string Name, int Position) : ExpressionNode(Position)
{
    public override string ToString() => Name;
}

/// <summary><c>target.name</c>.</summary>
public sealed record MemberNode(ExpressionNode Target, string Name, int Position) : ExpressionNode(Position)
{
    public override string ToString() => $"{Target}.{Name}";
}

/// <summary>expr <c>target[index]</c>.</summary>
public sealed record IndexNode(ExpressionNode Target, ExpressionNode Index, int Position) : ExpressionNode(Position)
{
    public override string ToString() => $"{Target}[{Index}]";
}

public sealed record UnaryNode(UnaryOperator Operator, ExpressionNode Operand, int Position) : ExpressionNode(Position)
{
    public override string ToString() => $"({OperatorSymbols.Of(Operator)}{Operand})";
}

public sealed record BinaryNode(BinaryOperator Operator, ExpressionNode Left, ExpressionNode Right, int Position) : ExpressionNode(Position)
{
    public override string ToString() => $"({Left} {OperatorSymbols.Of(Operator)} {Right})";
}

/// <summary>expr <c>condition ? whenTrue : whenFalse</c>.</summary>
public sealed record ConditionalNode(ExpressionNode Condition, ExpressionNode WhenTrue, ExpressionNode WhenFalse, int Position) : ExpressionNode(Position)
{
    public override string ToString() => $"({Condition} ? {WhenTrue} : {WhenFalse})";
}

/// <summary>A govaluate list <c>(a, b)</c> or an expr array <c>[a, b]</c>.</summary>
public sealed record ListNode(IReadOnlyList<ExpressionNode> Items, int Position) : ExpressionNode(Position)
{
    public override string ToString() => $"[{string.Join(", ", Items)}]";
}

/// <summary>expr <c>name(arguments)</c>; <see cref="Function"/> may be dotted (<c>sprig.upper</c>).</summary>
public sealed record CallNode(string Function, IReadOnlyList<ExpressionNode> Arguments, int Position) : ExpressionNode(Position)
{
    public override string ToString() => $"{Function}({string.Join(", ", Arguments)})";
}

/// <summary>An expression as parsed: its text, its dialect and its tree.</summary>
public sealed record ParsedExpression(string Text, ExpressionDialect Dialect, ExpressionNode Root)
{
    public override string ToString() => Root.ToString() ?? "";
}
