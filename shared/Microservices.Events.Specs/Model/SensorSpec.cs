using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>A sensor's dependencies (events it waits for) and triggers (actions fired when conditions hold).</summary>
public sealed record SensorSpec
{
    public IReadOnlyList<EventDependency> Dependencies { get; init; } = [];
    public IReadOnlyList<Trigger> Triggers { get; init; } = [];
    public JsonElement? Template { get; init; }
    public int? Replicas { get; init; }
    public string? EventBusName { get; init; }
    public bool? ErrorOnFailedRound { get; init; }
    public int? RevisionHistoryLimit { get; init; }
    public IReadOnlyDictionary<string, string>? LoggingFields { get; init; }
}
