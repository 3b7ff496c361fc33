namespace Microservices.Events.Specs.Model;

/// <summary>A calendar event: a 5-field cron <c>schedule</c> (wins) or a fixed <c>interval</c>.</summary>
public sealed record CalendarEventSource
{
    public string? Schedule { get; init; }
    public string? Interval { get; init; }
    public IReadOnlyList<string>? ExclusionDates { get; init; }
    public string? Timezone { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public CalendarPersistence? Persistence { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
