namespace Microservices.Events.Specs.Model;

/// <summary>One event a sensor waits for, keyed by (eventSourceName, eventName), with optional transform and filters.</summary>
public sealed record EventDependency
{
    public string? Name { get; init; }
    public string? EventSourceName { get; init; }
    public string? EventName { get; init; }
    public EventDependencyFilter? Filters { get; init; }

    /// <summary><c>and</c> (default) or <c>or</c>: how the filter kinds combine.</summary>
    public string? FiltersLogicalOperator { get; init; }

    public EventDependencyTransformer? Transform { get; init; }
}

/// <summary>A transform applied to the event data before filters: jq wins over a Lua script.</summary>
public sealed record EventDependencyTransformer
{
    public string? Jq { get; init; }
    public string? Script { get; init; }
}
