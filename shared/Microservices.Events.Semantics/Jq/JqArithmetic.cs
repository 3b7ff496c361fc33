using System.Collections.Immutable;
using System.Text;

namespace Microservices.Events.Semantics.Jq;

/// <summary>
/// jq's <c>+ - * / %</c> and comparisons. <c>+</c>: null is neutral, numbers add, strings and arrays concatenate,
/// objects merge (right wins). <c>-</c>: numbers, or array minus the elements of another. <c>*</c>: numbers, a string
/// and a number repeat the string (<c>"2" * 2</c> is <c>"22"</c>; a count &lt; 1 gives null), objects merge deeply.
/// <c>/</c>: numbers, or a string split by another. <c>%</c>: integer remainder.
/// </summary>
public static class JqArithmetic
{
    /// <summary>Longest string a repetition may build.</summary>
    public const int MaxRepeatedLength = 10_000_000;

    public static JqValue Apply(string op, JqValue left, JqValue right) => op switch
    {
        "+" => Add(left, right),
        "-" => Subtract(left, right),
        "*" => Multiply(left, right),
        "/" => Divide(left, right),
        "%" => Modulo(left, right),
        "==" => JqValue.Bool(JqOrder.Instance.Compare(left, right) == 0),
        "!=" => JqValue.Bool(JqOrder.Instance.Compare(left, right) != 0),
        "<" => JqValue.Bool(JqOrder.Instance.Compare(left, right) < 0),
        "<=" => JqValue.Bool(JqOrder.Instance.Compare(left, right) <= 0),
        ">" => JqValue.Bool(JqOrder.Instance.Compare(left, right) > 0),
        ">=" => JqValue.Bool(JqOrder.Instance.Compare(left, right) >= 0),
        _ => throw new JqException($"unknown operator {op}"),
    };

    public static JqValue Add(JqValue left, JqValue right) => (left, right) switch
    {
        (JqNull, _) => right,
        (_, JqNull) => left,
        (JqNumber a, JqNumber b) => new JqNumber(a.Value + b.Value),
        (JqString a, JqString b) => new JqString(a.Value + b.Value),
        (JqArray a, JqArray b) => new JqArray(a.Items.AddRange(b.Items)),
        (JqObject a, JqObject b) => new JqObject(a.Properties.SetItems(b.Properties)),
        _ => throw Cannot(left, right, "added"),
    };

    public static JqValue Subtract(JqValue left, JqValue right) => (left, right) switch
    {
        (JqNumber a, JqNumber b) => new JqNumber(a.Value - b.Value),
        (JqArray a, JqArray b) => new JqArray([.. a.Items.Where(x => !b.Items.Contains(x, JqOrder.Instance))]),
        _ => throw Cannot(left, right, "subtracted"),
    };

    public static JqValue Multiply(JqValue left, JqValue right) => (left, right) switch
    {
        (JqNumber a, JqNumber b) => new JqNumber(a.Value * b.Value),
        (JqString s, JqNumber n) => Repeat(s.Value, n.Value),
        (JqNumber n, JqString s) => Repeat(s.Value, n.Value),
        (JqObject a, JqObject b) => DeepMerge(a, b),
        _ => throw Cannot(left, right, "multiplied"),
    };

    public static JqValue Divide(JqValue left, JqValue right) => (left, right) switch
    {
        (JqNumber, JqNumber { Value: 0 }) => throw Cannot(left, right, "divided because the divisor is zero"),
        (JqNumber a, JqNumber b) => new JqNumber(a.Value / b.Value),
        (JqString { Value: "" }, JqString) => JqArray.Empty,
        (JqString a, JqString b) => new JqArray([.. a.Value.Split(b.Value).Select(p => (JqValue)new JqString(p))]),
        _ => throw Cannot(left, right, "divided"),
    };

    public static JqValue Modulo(JqValue left, JqValue right)
    {
        if (left is not JqNumber a || right is not JqNumber b)
        {
            throw Cannot(left, right, "divided");
        }

        var divisor = ToInteger(b.Value);
        return divisor == 0
            ? throw Cannot(left, right, "divided because the divisor is zero")
            : new JqNumber(divisor == -1 ? 0 : ToInteger(a.Value) % divisor);
    }

    /// <summary>jq's short description of a value in error messages: its JSON text, cut after 11 characters.</summary>
    public static string Describe(JqValue value)
    {
        var text = JqJson.ToText(value);
        return $"{value.TypeName} ({(text.Length > 11 ? text[..10] + "..." : text)})";
    }

    private static JqValue Repeat(string text, double count)
    {
        var times = count > int.MaxValue ? int.MaxValue : (int)count;
        if (times < 1)
        {
            return JqValue.Null;
        }

        if ((long)text.Length * times > MaxRepeatedLength)
        {
            throw new JqException($"repeating a string of {text.Length} characters {times} times is longer than {MaxRepeatedLength} characters");
        }

        return new JqString(new StringBuilder(text.Length * times).Insert(0, text, times).ToString());
    }

    private static JqObject DeepMerge(JqObject left, JqObject right)
    {
        var merged = left.Properties.ToBuilder();
        foreach (var (key, value) in right.Properties)
        {
            merged[key] = merged.TryGetValue(key, out var existing) && existing is JqObject a && value is JqObject b
                ? DeepMerge(a, b)
                : value;
        }

        return new JqObject(merged.ToImmutable());
    }

    private static long ToInteger(double value) =>
        double.IsNaN(value) ? 0 : value >= long.MaxValue ? long.MaxValue : value <= long.MinValue ? long.MinValue : (long)value;

    private static JqException Cannot(JqValue left, JqValue right, string what) =>
        new($"{Describe(left)} and {Describe(right)} cannot be {what}");
}
