using System.Globalization;
using System.Text;
using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>
/// The functions of event-source filter expressions (<see cref="ExprFunctionNames.Supported"/>): Argo's
/// <c>asInt</c>/<c>asFloat</c> (aliases of expr's <c>int</c>/<c>float</c>), <c>toJson</c> (Go's JSON, "" when it
/// cannot encode), and expr's <c>string</c>, <c>len</c> (bytes of a string), <c>lower</c>, <c>upper</c>, <c>trim</c>.
/// </summary>
internal static class ExprFunctions
{
    public static object? Call(string name, IReadOnlyList<object?> args) => name switch
    {
        "asInt" or "int" => ToInt(name, One(name, args)),
        "asFloat" or "float" => ToFloat(name, One(name, args)),
        "toJson" => ToJson(One(name, args)),
        "string" => GoFormat.Value(One(name, args)),
        "len" => Length(One(name, args)),
        "lower" => Text(name, One(name, args)).ToLowerInvariant(),
        "upper" => Text(name, One(name, args)).ToUpperInvariant(),
        "trim" => args.Count == 2 ? Text(name, args[0]).Trim(Text(name, args[1]).ToCharArray()) : Text(name, One(name, args)).Trim(),
        _ => throw new ExpressionEvaluationException(
            $"function '{name}' is not available (supported: {string.Join(", ", ExprFunctionNames.Supported.Order(StringComparer.Ordinal))}; jsonpath and sprig are not)"),
    };

    private static object? One(string name, IReadOnlyList<object?> args) =>
        args.Count == 1 ? args[0] : throw new ExpressionEvaluationException($"{name}() takes 1 argument, got {args.Count}");

    private static long ToInt(string name, object? value) => value switch
    {
        long l => l,
        double d when !double.IsNaN(d) && !double.IsInfinity(d) => (long)Math.Truncate(d),
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new ExpressionEvaluationException($"invalid operation: {name}({ExpressionValues.Describe(value)})"),
    };

    private static double ToFloat(string name, object? value) => value switch
    {
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        string s when s.TrimStart('+', '-').Equals("inf", StringComparison.OrdinalIgnoreCase) || s.TrimStart('+', '-').Equals("infinity", StringComparison.OrdinalIgnoreCase) =>
            s.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity,
        string s when s.Equals("nan", StringComparison.OrdinalIgnoreCase) => double.NaN,
        _ => throw new ExpressionEvaluationException($"invalid operation: {name}({ExpressionValues.Describe(value)})"),
    };

    private static string ToJson(object? value)
    {
        try
        {
            return GoFormat.Json(value);
        }
        catch (ExpressionEvaluationException)
        {
            return "";
        }
    }

    private static long Length(object? value) => value switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        IReadOnlyList<object?> list => list.Count,
        IReadOnlyDictionary<string, object?> map => map.Count,
        _ => throw new ExpressionEvaluationException($"invalid argument for len ({ExpressionValues.Describe(value)})"),
    };

    private static string Text(string name, object? value) =>
        value as string ?? throw new ExpressionEvaluationException($"{name}() needs a string, got {ExpressionValues.Describe(value)}");
}
