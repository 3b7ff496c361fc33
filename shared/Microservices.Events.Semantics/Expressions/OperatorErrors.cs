using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>The messages of type errors, shared by both dialects.</summary>
internal static class OperatorErrors
{
    public static ExpressionEvaluationException Operands(BinaryOperator op, string needs, object? left, object? right) =>
        new($"'{OperatorSymbols.Of(op)}' needs {needs}, got {ExpressionValues.Describe(left)} and {ExpressionValues.Describe(right)}");

    public static ExpressionEvaluationException Operand(string symbol, string needs, object? value) =>
        new($"'{symbol}' needs {needs}, got {ExpressionValues.Describe(value)}");
}
