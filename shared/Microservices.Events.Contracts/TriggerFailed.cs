namespace Microservices.Events.Contracts;

/// <summary>Published by trigger-dispatch when a trigger's action failed after its retries, or could not be built.</summary>
public sealed record TriggerFailed
{
    public Guid FiringId { get; init; }

    public string Sensor { get; init; } = "";

    public string Trigger { get; init; } = "";

    public string Kind { get; init; } = "";

    public string Reason { get; init; } = "";

    public int Attempts { get; init; } = 1;

    public TimeSpan Duration { get; init; }
}
