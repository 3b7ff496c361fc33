namespace Microservices.Events.Contracts;

/// <summary>A trigger's <c>conditionsReset.byTime</c>: stored events older than the latest tick of this cron are dropped.</summary>
public sealed record ConditionsResetSchedule
{
    public string Cron { get; init; } = "";

    public string? Timezone { get; init; }
}
