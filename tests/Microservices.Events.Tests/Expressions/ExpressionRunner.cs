using System.Text.Json;
using Microservices.Events.Semantics.Expressions;
using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Tests.Expressions;

/// <summary>Runs an expression over variables given as a JSON object and reports the outcome as text for table tests.</summary>
internal static class ExpressionRunner
{
    /// <summary>The result as Go JSON (<c>true</c>, <c>7</c>, <c>"ab"</c>, <c>null</c>), or <c>syntax: …</c> / <c>eval: …</c>.</summary>
    public static string Run(ExpressionDialect dialect, string expression, string variables = "{}")
    {
        ParsedExpression parsed;
        try
        {
            parsed = ExpressionParser.Parse(expression, dialect);
        }
        catch (ExpressionSyntaxException ex)
        {
            return $"syntax: {ex.Message}";
        }

        try
        {
            var vars = JsonDocument.Parse(variables).RootElement.EnumerateObject()
                .ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
            return GoFormat.Json(ExpressionEvaluator.Evaluate(parsed, vars));
        }
        catch (ExpressionEvaluationException ex)
        {
            return $"eval: {ex.Message}";
        }
    }
}
