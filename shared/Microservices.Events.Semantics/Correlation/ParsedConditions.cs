using System.Collections.Concurrent;
using Microservices.Events.Specs.Conditions;

namespace Microservices.Events.Semantics.Correlation;

/// <summary>A cache of parsed condition expressions; they are few and evaluated on every event.</summary>
public static class ParsedConditions
{
    private static readonly ConcurrentDictionary<string, ConditionNode> Cache = new(StringComparer.Ordinal);

    /// <exception cref="FormatException">The expression does not parse.</exception>
    public static ConditionNode Get(string conditions) => Cache.GetOrAdd(conditions, ConditionExpression.Parse);
}
