using System.Text.Json;
using Microservices.Events.Semantics.Expressions;
using Microservices.Events.Semantics.Paths;
using Microservices.Events.Specs.Expressions;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Filters;

/// <summary>
/// Argo's expression filters: each binds its <c>fields</c> (name ← value at path) and evaluates its govaluate
/// <c>expr</c>, which must yield a bool. A missing path, a parse or evaluation error, or a non-bool result is an
/// error; a filter with no fields is skipped. Combined by <c>exprLogicalOperator</c> (see <see cref="FilterResult.Combine"/>).
/// </summary>
public static class ExprFilters
{
    /// <summary>Evaluates <paramref name="exprs"/> against the event data; without data (or without filters) they pass.</summary>
    public static FilterResult Evaluate(IReadOnlyList<ExprFilter>? exprs, string? logicalOperator, JsonElement? data)
    {
        if (exprs is not { Count: > 0 } || data is null || data.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return FilterResult.True;
        }

        var root = data.Value;
        var skipped = string.Equals(logicalOperator, "or", StringComparison.OrdinalIgnoreCase) ? FilterResult.False : FilterResult.True;
        return FilterResult.Combine(logicalOperator, exprs.Select(e => (Func<FilterResult>)(() => EvaluateOne(e, root) ?? skipped)));
    }

    /// <summary>One filter's verdict, or null when it binds no fields (Argo skips it).</summary>
    public static FilterResult? EvaluateOne(ExprFilter filter, JsonElement data)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in filter.Fields ?? [])
        {
            if (!JsonPath.TryGet(data, field.Path ?? "", out var value))
            {
                return FilterResult.Error($"path '{field.Path}' does not exist");
            }

            variables[field.Name ?? ""] = ExpressionValues.FromJson(value);
        }

        if (variables.Count == 0)
        {
            return null;
        }

        var text = filter.Expr ?? "";
        try
        {
            var result = ExpressionEvaluator.Evaluate(ExpressionCache.Parse(text, ExpressionDialect.Govaluate), variables);
            return result is bool pass
                ? pass ? FilterResult.True : FilterResult.False
                : FilterResult.Error($"expr \"{text}\" evaluated to {ExpressionValues.Describe(result)}, not a bool");
        }
        catch (ExpressionSyntaxException ex)
        {
            return FilterResult.Error($"expr \"{text}\" does not parse: {ex.Message}");
        }
        catch (ExpressionEvaluationException ex)
        {
            return FilterResult.Error($"expr \"{text}\": {ex.Message}");
        }
    }
}
