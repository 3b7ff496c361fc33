using System.Text.RegularExpressions;
using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>
/// govaluate's operators on evaluated operands: every number is a double; <c>==</c> is deep equality of any values;
/// ordering needs two numbers or two strings; <c>+</c> concatenates (as <c>%v</c>) when either side is a string;
/// <c>in</c> needs a list; the bit operators work on the integer parts.
/// </summary>
internal static class GovaluateOperators
{
    public static object? Unary(UnaryOperator op, object? value) => (op, value) switch
    {
        (UnaryOperator.Negate, double d) => -d,
        (UnaryOperator.Not, bool b) => !b,
        (UnaryOperator.BitNot, double d) => (double)~(long)d,
        (UnaryOperator.Not, _) => throw OperatorErrors.Operand("!", "a bool", value),
        _ => throw OperatorErrors.Operand(OperatorSymbols.Of(op), "a number", value),
    };

    public static object? Binary(BinaryOperator op, object? left, object? right)
    {
        switch (op)
        {
            case BinaryOperator.Equal:
                return ExpressionValues.AreEqual(left, right);
            case BinaryOperator.NotEqual:
                return !ExpressionValues.AreEqual(left, right);
            case BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                return Order(op, left, right);
            case BinaryOperator.RegexMatch:
                return Match(op, left, right);
            case BinaryOperator.RegexNotMatch:
                return !Match(op, left, right);
            case BinaryOperator.In:
                return right is IReadOnlyList<object?> list
                    ? list.Any(item => ExpressionValues.AreEqual(left, item))
                    : throw OperatorErrors.Operand("in", "a list on its right such as (1, 2)", right);
            case BinaryOperator.Add when left is string || right is string:
                return GoFormat.Value(left) + GoFormat.Value(right);
        }

        if (left is not double a || right is not double b)
        {
            throw OperatorErrors.Operands(op, op == BinaryOperator.Add ? "two numbers, or a string on either side" : "two numbers", left, right);
        }

        return op switch
        {
            BinaryOperator.Add => a + b,
            BinaryOperator.Subtract => a - b,
            BinaryOperator.Multiply => a * b,
            BinaryOperator.Divide => a / b,
            BinaryOperator.Modulo => a % b,
            BinaryOperator.Power => Math.Pow(a, b),
            BinaryOperator.BitAnd => (double)((long)a & (long)b),
            BinaryOperator.BitOr => (double)((long)a | (long)b),
            BinaryOperator.BitXor => (double)((long)a ^ (long)b),
            BinaryOperator.ShiftLeft => b is < 0 or >= 64 ? 0d : (double)((ulong)a << (int)b),
            BinaryOperator.ShiftRight => b is < 0 or >= 64 ? 0d : (double)((ulong)a >> (int)b),
            _ => throw new ExpressionEvaluationException($"operator '{OperatorSymbols.Of(op)}' is not part of govaluate"),
        };
    }

    private static bool Order(BinaryOperator op, object? left, object? right)
    {
        var order = (left, right) switch
        {
            (double a, double b) => a.CompareTo(b),
            (string a, string b) => ExpressionValues.CompareStrings(a, b),
            _ => throw OperatorErrors.Operands(op, "two numbers or two strings", left, right),
        };
        if (left is double x && right is double y && (double.IsNaN(x) || double.IsNaN(y)))
        {
            return false;
        }

        return op switch
        {
            BinaryOperator.Less => order < 0,
            BinaryOperator.LessOrEqual => order <= 0,
            BinaryOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    private static bool Match(BinaryOperator op, object? left, object? right)
    {
        if (left is not string text)
        {
            throw OperatorErrors.Operand(OperatorSymbols.Of(op), "a string on its left", left);
        }

        var pattern = right switch
        {
            Regex regex => regex,
            string source => ExpressionRegex.Compile(source),
            _ => throw OperatorErrors.Operand(OperatorSymbols.Of(op), "a pattern string on its right", right),
        };
        return ExpressionRegex.IsMatch(pattern, text);
    }
}
