namespace Microservices.Events.Specs.Expressions;

/// <summary>Operators with two operands, across both dialects.</summary>
public enum BinaryOperator
{
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,

    /// <summary>govaluate <c>=~</c>.</summary>
    RegexMatch,

    /// <summary>govaluate <c>!~</c>.</summary>
    RegexNotMatch,

    In,

    /// <summary>expr <c>not in</c>.</summary>
    NotIn,

    /// <summary>expr <c>matches</c>.</summary>
    Matches,

    Contains,
    StartsWith,
    EndsWith,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
    BitAnd,
    BitOr,
    BitXor,
    ShiftLeft,
    ShiftRight,

    /// <summary><c>??</c>: the left value unless it is null.</summary>
    Coalesce,

    /// <summary>govaluate <c>?</c>: the right value when the left is true, else null.</summary>
    TernaryIf,

    /// <summary>govaluate <c>:</c>: the left value unless it is null, else the right.</summary>
    TernaryElse,
}

/// <summary>Operators with one operand.</summary>
public enum UnaryOperator
{
    Negate,
    Plus,
    Not,
    BitNot,
}

/// <summary>The spelling of each operator, for messages and printing.</summary>
public static class OperatorSymbols
{
    public static string Of(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "||",
        BinaryOperator.And => "&&",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.RegexMatch => "=~",
        BinaryOperator.RegexNotMatch => "!~",
        BinaryOperator.In => "in",
        BinaryOperator.NotIn => "not in",
        BinaryOperator.Matches => "matches",
        BinaryOperator.Contains => "contains",
        BinaryOperator.StartsWith => "startsWith",
        BinaryOperator.EndsWith => "endsWith",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        BinaryOperator.Power => "**",
        BinaryOperator.BitAnd => "&",
        BinaryOperator.BitOr => "|",
        BinaryOperator.BitXor => "^",
        BinaryOperator.ShiftLeft => "<<",
        BinaryOperator.ShiftRight => ">>",
        BinaryOperator.Coalesce => "??",
        BinaryOperator.TernaryIf => "?",
        BinaryOperator.TernaryElse => ":",
        _ => op.ToString(),
    };

    public static string Of(UnaryOperator op) => op switch
    {
        UnaryOperator.Negate => "-",
        UnaryOperator.Plus => "+",
        UnaryOperator.Not => "!",
        UnaryOperator.BitNot => "~",
        _ => op.ToString(),
    };
}
