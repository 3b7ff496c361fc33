using System.Text;
using static Microservices.Events.Semantics.Templates.ArgKind;

namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// text/template's builtins: <c>and or not len index print printf println eq ne lt le gt ge</c>. Comparisons follow
/// Go: an int and a float64 are incompatible (<c>eq 8 8.0</c> is an error), booleans do not order.
/// </summary>
internal static class GoBuiltins
{
    public static readonly TemplateFunction[] Functions =
    [
        // and/or short-circuit: the executor evaluates them; these entries give their arity.
        TemplateFunction.Of("and", [Value], _ => null, variadic: Value),
        TemplateFunction.Of("or", [Value], _ => null, variadic: Value),
        TemplateFunction.Of("not", [Value], a => !GoValues.Truth(a[0])),
        TemplateFunction.Of("len", [Value], a => Length(a[0])),
        TemplateFunction.Of("index", [Value], a => Index(a[0], a[1..]), variadic: Value),
        TemplateFunction.Of("print", [], a => TemplatePrint.Sprint(a), variadic: Any),
        TemplateFunction.Of("printf", [Text], a => TemplatePrint.Sprintf((string)a[0]!, a[1..]), variadic: Any),
        TemplateFunction.Of("println", [], a => TemplatePrint.Sprintln(a), variadic: Any),
        TemplateFunction.Of("eq", [Value], a => Eq(a[0], a[1..]), variadic: Value),
        TemplateFunction.Of("ne", [Value, Value], a => !Eq(a[0], [a[1]])),
        TemplateFunction.Of("lt", [Value, Value], a => Less(a[0], a[1])),
        TemplateFunction.Of("le", [Value, Value], a => Less(a[0], a[1]) || Eq(a[0], [a[1]])),
        TemplateFunction.Of("gt", [Value, Value], a => !(Less(a[0], a[1]) || Eq(a[0], [a[1]]))),
        TemplateFunction.Of("ge", [Value, Value], a => !Less(a[0], a[1])),
    ];

    private enum Kind
    {
        Invalid,
        Bool,
        Int,
        Float,
        Text,
        Other,
    }

    private static Kind KindOf(object? value) => value switch
    {
        null or NoValue => Kind.Invalid,
        bool => Kind.Bool,
        long => Kind.Int,
        double => Kind.Float,
        string => Kind.Text,
        _ => Kind.Other,
    };

    private static bool Eq(object? first, object?[] others)
    {
        if (others.Length == 0)
        {
            throw new TemplateException("missing argument for comparison");
        }

        var k1 = KindOf(first);
        foreach (var other in others)
        {
            var k2 = KindOf(other);
            if (k1 != k2)
            {
                if (k1 != Kind.Invalid && k2 != Kind.Invalid)
                {
                    throw new TemplateException("incompatible types for comparison");
                }

                continue;
            }

            var equal = k1 switch
            {
                Kind.Invalid => true,
                Kind.Other when first is DateTimeOffset a && other is DateTimeOffset b => a == b,
                Kind.Other => throw new TemplateException($"non-comparable type {GoValues.TypeName(first)}"),
                _ => Equals(first, other),
            };
            if (equal)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Less(object? a, object? b)
    {
        var (k1, k2) = (KindOf(a), KindOf(b));
        if (k1 is Kind.Invalid or Kind.Other or Kind.Bool || k2 is Kind.Invalid or Kind.Other or Kind.Bool)
        {
            throw new TemplateException("invalid type for comparison");
        }

        if (k1 != k2)
        {
            throw new TemplateException("incompatible types for comparison");
        }

        return (a, b) switch
        {
            (long x, long y) => x < y,
            (double x, double y) => x < y,
            _ => string.CompareOrdinal((string)a!, (string)b!) < 0,
        };
    }

    private static long Length(object? item) => item switch
    {
        null or NoValue => throw new TemplateException("len of nil pointer"),
        string s => Encoding.UTF8.GetByteCount(s),
        List<object?> list => list.Count,
        SortedDictionary<string, object?> map => map.Count,
        _ => throw new TemplateException($"len of type {GoValues.TypeName(item)}"),
    };

    private static object? Index(object? item, object?[] indexes)
    {
        if (item is null or NoValue)
        {
            throw new TemplateException("index of untyped nil");
        }

        foreach (var index in indexes)
        {
            item = item switch
            {
                null or NoValue => throw new TemplateException("index of nil pointer"),
                List<object?> list => list[Position(index, list.Count)],
                string s => (long)Encoding.UTF8.GetBytes(s)[Position(index, Encoding.UTF8.GetByteCount(s))],
                SortedDictionary<string, object?> map => index is string key
                    ? map.GetValueOrDefault(key)
                    : throw new TemplateException($"value has type {GoValues.TypeName(index)}; should be string"),
                _ => throw new TemplateException($"can't index item of type {GoValues.TypeName(item)}"),
            };
        }

        return item;
    }

    private static int Position(object? index, int length) => index switch
    {
        long i when i < 0 || i >= length => throw new TemplateException($"index out of range: {i}"),
        long i => (int)i,
        null or NoValue => throw new TemplateException("cannot index slice/array with nil"),
        _ => throw new TemplateException($"cannot index slice/array with type {GoValues.TypeName(index)}"),
    };
}
