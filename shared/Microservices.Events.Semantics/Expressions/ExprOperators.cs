using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>
/// expr's operators on evaluated operands: integers (long) and floats (double, which every JSON number is) mix,
/// <c>/</c> and <c>**</c> give floats, <c>%</c> needs integers; <c>+</c> adds numbers or joins two strings;
/// ordering needs two numbers or two strings; <c>in</c> looks in a list or for a map key; member access on a map
/// yields null for a missing key.
/// </summary>
internal static class ExprOperators
{
    public static object? Unary(UnaryOperator op, object? value) => (op, value) switch
    {
        (UnaryOperator.Negate, long l) => unchecked(-l),
        (UnaryOperator.Negate, double d) => -d,
        (UnaryOperator.Plus, long or double) => value,
        (UnaryOperator.Not, bool b) => !b,
        (UnaryOperator.Not, _) => throw OperatorErrors.Operand("not", "a bool", value),
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
            case BinaryOperator.In:
                return In(left, right);
            case BinaryOperator.NotIn:
                return !In(left, right);
            case BinaryOperator.Matches or BinaryOperator.Contains or BinaryOperator.StartsWith or BinaryOperator.EndsWith:
                return Text(op, left, right);
            case BinaryOperator.Add when left is string s && right is string t:
                return s + t;
        }

        if (!ExpressionValues.IsNumber(left) || !ExpressionValues.IsNumber(right))
        {
            throw OperatorErrors.Operands(op, op == BinaryOperator.Add ? "two numbers or two strings" : "two numbers", left, right);
        }

        if (left is long x && right is long y)
        {
            switch (op)
            {
                case BinaryOperator.Add: return unchecked(x + y);
                case BinaryOperator.Subtract: return unchecked(x - y);
                case BinaryOperator.Multiply: return unchecked(x * y);
                case BinaryOperator.Modulo:
                    return y == 0 ? throw new ExpressionEvaluationException("integer divide by zero") : x % y;
            }
        }

        var (a, b) = (ExpressionValues.ToDouble(left), ExpressionValues.ToDouble(right));
        return op switch
        {
            BinaryOperator.Add => a + b,
            BinaryOperator.Subtract => a - b,
            BinaryOperator.Multiply => a * b,
            BinaryOperator.Divide => a / b,
            BinaryOperator.Power => Math.Pow(a, b),
            BinaryOperator.Modulo => throw OperatorErrors.Operands(op, "two integers (use int() on floats)", left, right),
            _ => throw new ExpressionEvaluationException($"operator '{OperatorSymbols.Of(op)}' is not part of expr"),
        };
    }

    public static object? Member(object? target, string name) => target switch
    {
        IReadOnlyDictionary<string, object?> map => map.GetValueOrDefault(name),
        null => throw new ExpressionEvaluationException($"cannot fetch '{name}' from null"),
        _ => throw new ExpressionEvaluationException($"cannot fetch '{name}' from {ExpressionValues.Describe(target)}"),
    };

    public static object? Index(object? target, object? index)
    {
        switch (target, index)
        {
            case (IReadOnlyDictionary<string, object?> map, string key):
                return map.GetValueOrDefault(key);
            case (IReadOnlyList<object?> list, long or double):
            {
                var position = ExpressionValues.ToDouble(index);
                if (position != Math.Floor(position))
                {
                    throw new ExpressionEvaluationException($"array index {GoFormat.Value(index)} is not an integer");
                }

                var i = (long)position;
                var resolved = i < 0 ? i + list.Count : i;
                return resolved >= 0 && resolved < list.Count
                    ? list[(int)resolved]
                    : throw new ExpressionEvaluationException($"index out of range: {i} (array length {list.Count})");
            }

            case (null, _):
                throw new ExpressionEvaluationException($"cannot fetch {GoFormat.Value(index)} from null");
            default:
                throw new ExpressionEvaluationException($"cannot fetch {ExpressionValues.Describe(index)} from {ExpressionValues.Describe(target)}");
        }
    }

    private static bool Order(BinaryOperator op, object? left, object? right)
    {
        int order;
        if (left is long x && right is long y)
        {
            order = x.CompareTo(y);
        }
        else if (ExpressionValues.IsNumber(left) && ExpressionValues.IsNumber(right))
        {
            var (a, b) = (ExpressionValues.ToDouble(left), ExpressionValues.ToDouble(right));
            if (double.IsNaN(a) || double.IsNaN(b))
            {
                return false;
            }

            order = a.CompareTo(b);
        }
        else if (left is string s && right is string t)
        {
            order = ExpressionValues.CompareStrings(s, t);
        }
        else
        {
            throw OperatorErrors.Operands(op, "two numbers or two strings", left, right);
        }

        return op switch
        {
            BinaryOperator.Less => order < 0,
            BinaryOperator.LessOrEqual => order <= 0,
            BinaryOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    private static bool In(object? needle, object? haystack) => haystack switch
    {
        null => false,
        IReadOnlyList<object?> list => list.Any(item => ExpressionValues.AreEqual(needle, item)),
        IReadOnlyDictionary<string, object?> map => needle is string key
            ? map.ContainsKey(key)
            : throw OperatorErrors.Operand("in", "a string key to look for in a map", needle),
        _ => throw OperatorErrors.Operand("in", "an array or a map on its right", haystack),
    };

    private static bool Text(BinaryOperator op, object? left, object? right)
    {
        if (left is not string text || right is not string other)
        {
            throw OperatorErrors.Operands(op, "two strings", left, right);
        }

        return op switch
        {
            BinaryOperator.Matches => ExpressionRegex.IsMatch(ExpressionRegex.Compile(other), text),
            BinaryOperator.Contains => text.Contains(other, StringComparison.Ordinal),
            BinaryOperator.StartsWith => text.StartsWith(other, StringComparison.Ordinal),
            _ => text.EndsWith(other, StringComparison.Ordinal),
        };
    }
}
