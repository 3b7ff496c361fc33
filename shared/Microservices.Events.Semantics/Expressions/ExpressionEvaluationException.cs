namespace Microservices.Events.Semantics.Expressions;

/// <summary>An expression that parsed but cannot be evaluated with these values (unbound variable, wrong types, …).</summary>
public sealed class ExpressionEvaluationException(string message) : Exception(message);
