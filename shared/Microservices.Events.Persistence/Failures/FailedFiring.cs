namespace Microservices.Events.Persistence.Failures;

/// <summary>
/// A firing whose action still failed after its retries (and after its dead-letter trigger ran): what was requested,
/// the resolved template with secrets redacted, how many attempts it took and why the last one failed, and whether it
/// was driven again (as firing <see cref="RedriveFiringId"/>).
/// </summary>
public sealed record FailedFiring
{
    public Guid FiringId { get; init; }

    public string Sensor { get; init; } = "";

    public string Trigger { get; init; } = "";

    public string Kind { get; init; } = "";

    public DateTimeOffset FailedAt { get; init; }

    public int Attempts { get; init; }

    public string LastError { get; init; } = "";

    /// <summary>What the dead-letter trigger did, when there is one.</summary>
    public string? DeadLetter { get; init; }

    /// <summary>The requested firing (its events) as JSON: what a redrive publishes again under a new firing id.</summary>
    public string Request { get; init; } = "{}";

    /// <summary>The template with every parameter applied, and the payload, as JSON; secret values redacted.</summary>
    public string? Resolved { get; init; }

    /// <summary>The failed firing this one re-drove, if it is a redrive.</summary>
    public Guid? RedriveOf { get; init; }

    public Guid? RedriveFiringId { get; init; }

    public DateTimeOffset? RedrivenAt { get; init; }
}
