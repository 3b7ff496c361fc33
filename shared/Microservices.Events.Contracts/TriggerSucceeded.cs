namespace Microservices.Events.Contracts;

/// <summary>Published by trigger-dispatch after a trigger's action completed and its policy accepted the outcome.</summary>
public sealed record TriggerSucceeded
{
    public Guid FiringId { get; init; }

    public string Sensor { get; init; } = "";

    public string Trigger { get; init; } = "";

    public string Kind { get; init; } = "";

    /// <summary>Kind-specific outcome, e.g. the HTTP status code.</summary>
    public string? Detail { get; init; }

    public int Attempts { get; init; } = 1;

    public TimeSpan Duration { get; init; }
}
