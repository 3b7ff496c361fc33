namespace Microservices.Events.Specs.Expressions;

/// <summary>The two expression languages of Argo Events specs.</summary>
public enum ExpressionDialect
{
    /// <summary>Knetic/govaluate, used by a dependency's <c>filters.exprs</c>.</summary>
    Govaluate,

    /// <summary>antonmedv/expr, used by an event source's <c>filter.expression</c>.</summary>
    Expr,
}
