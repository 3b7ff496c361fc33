using Microservices.Events.Specs.Go;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>
/// Expression values printed as Go prints them, by the Go primitives of <c>Specs/Go</c>: <see cref="Value"/> is
/// <c>fmt</c>'s <c>%v</c> (govaluate's string concatenation, expr's <c>string()</c>), <see cref="Json"/> is
/// <c>encoding/json</c> (Argo's <c>toJson</c>) with failures as <see cref="ExpressionEvaluationException"/>.
/// </summary>
public static class GoFormat
{
    /// <summary><c>%v</c>: floats in shortest <c>%g</c> (exponent below 1e-4 and from 1e+06), <c>&lt;nil&gt;</c>, <c>[a b]</c>, <c>map[k:v]</c> with sorted keys.</summary>
    public static string Value(object? value) => GoPrint.Value(value);

    /// <summary>strconv.FormatFloat(d, 'g', -1, 64).</summary>
    public static string Float(double d) => GoFloat.FormatShortest(d);

    /// <summary>Go's JSON text: object keys sorted, <c>&lt; &gt; &amp;</c> escaped, floats fixed between 1e-6 and 1e21.</summary>
    /// <exception cref="ExpressionEvaluationException">NaN or an infinity, or a value of a type JSON cannot hold.</exception>
    public static string Json(object? value)
    {
        try
        {
            return GoJson.Encode(value, escapeHtml: true, Unencodable);
        }
        catch (GoJsonException ex)
        {
            throw new ExpressionEvaluationException(ex.Message);
        }
    }

    private static string Unencodable(object value) => throw new ExpressionEvaluationException($"cannot encode a {value.GetType().Name} as JSON");
}
