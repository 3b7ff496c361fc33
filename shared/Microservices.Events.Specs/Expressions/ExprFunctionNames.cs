namespace Microservices.Events.Specs.Expressions;

/// <summary>
/// The functions an event-source <c>filter.expression</c> may call here: Argo's <c>asInt</c>, <c>asFloat</c> and
/// <c>toJson</c>, and expr's <c>int</c>, <c>float</c>, <c>string</c>, <c>len</c>, <c>lower</c>, <c>upper</c>,
/// <c>trim</c>. Argo's <c>jsonpath</c> and <c>sprig.*</c> are not available.
/// </summary>
public static class ExprFunctionNames
{
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "asInt", "asFloat", "toJson", "int", "float", "string", "len", "lower", "upper", "trim",
    };
}
