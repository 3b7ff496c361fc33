using System.Text.Json;
using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>
/// Argo's event-source <c>filter.expression</c>: an expr expression over the event payload, whose top-level keys
/// have <c>-</c> replaced by <c>_</c> (and dotted top-level keys expanded into objects). Only a true result passes;
/// false, a non-bool result or any error drops the event.
/// </summary>
public static class EventSourceFilter
{
    /// <param name="error">Why the event was dropped when that was not a plain false; null otherwise.</param>
    public static bool Passes(string? expression, JsonElement payload, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            return true;
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            error = $"the payload is a JSON {payload.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return false;
        }

        try
        {
            var result = ExpressionEvaluator.Evaluate(ExpressionCache.Parse(expression, ExpressionDialect.Expr), Environment(payload));
            if (result is bool pass)
            {
                return pass;
            }

            error = $"expression '{expression}' evaluated to {ExpressionValues.Describe(result)}, not a bool";
        }
        catch (ExpressionSyntaxException ex)
        {
            error = $"expression '{expression}' does not parse: {ex.Message}";
        }
        catch (ExpressionEvaluationException ex)
        {
            error = $"unable to evaluate expression '{expression}': {ex.Message}";
        }

        return false;
    }

    /// <summary>The variables an expression sees: the payload's top-level keys with <c>-</c> as <c>_</c>; <c>{"a.b": 1}</c> reads as <c>{"a": {"b": 1}}</c>, over a plain <c>a</c>.</summary>
    public static IReadOnlyDictionary<string, object?> Environment(JsonElement payload)
    {
        var flat = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in payload.EnumerateObject())
        {
            flat[property.Name.Replace('-', '_')] = ExpressionValues.FromJson(property.Value);
        }

        if (!flat.Keys.Any(k => k.Contains('.', StringComparison.Ordinal)))
        {
            return flat;
        }

        var keys = flat.Keys.Order(StringComparer.Ordinal).ToList();
        var env = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in keys.Where(k => !keys.Any(other => other.StartsWith(k + ".", StringComparison.Ordinal))))
        {
            var segments = key.Split('.');
            var level = env;
            foreach (var segment in segments[..^1])
            {
                if (level.GetValueOrDefault(segment) is not Dictionary<string, object?> next)
                {
                    next = new Dictionary<string, object?>(StringComparer.Ordinal);
                    level[segment] = next;
                }

                level = next;
            }

            level[segments[^1]] = flat[key];
        }

        return env;
    }
}
