namespace Microservices.Events.Specs.Model;

/// <summary>Event-source level filter: an expression over the payload, evaluated before publishing.</summary>
public sealed record EventSourceFilter
{
    public string? Expression { get; init; }
}
