namespace Microservices.Events.Specs.Model;

/// <summary>Logs each firing's events; <c>intervalSeconds</c> logs at most once per interval.</summary>
public sealed record LogTrigger
{
    public long? IntervalSeconds { get; init; }
}
