namespace Microservices.Events.Specs.Model;

/// <summary>A trigger: its template (the action), parameters patching the template, and execution policy.</summary>
public sealed record Trigger
{
    public TriggerTemplate? Template { get; init; }
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }
    public TriggerPolicy? Policy { get; init; }
    public Backoff? RetryStrategy { get; init; }
    public RateLimit? RateLimit { get; init; }
    public bool? AtLeastOnce { get; init; }
    public Trigger? DlqTrigger { get; init; }
}

/// <summary>When a trigger's outcome counts as success.</summary>
public sealed record TriggerPolicy
{
    public K8sResourcePolicy? K8s { get; init; }
    public StatusPolicy? Status { get; init; }
}

/// <summary>Success once the created resource carries these labels.</summary>
public sealed record K8sResourcePolicy
{
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public Backoff? Backoff { get; init; }
    public bool? ErrorOnBackoffTimeout { get; init; }
}

/// <summary>HTTP-style triggers succeed only when the response status is listed.</summary>
public sealed record StatusPolicy
{
    public IReadOnlyList<int>? Allow { get; init; }
}

/// <summary>
/// Argo's Backoff: <c>duration</c> is nanoseconds as a number or a Go duration string. <c>cap</c> (same syntax) is
/// Kubernetes' <c>wait.Backoff.Cap</c>, which Argo's type does not carry: the longest wait, after which retries stop.
/// </summary>
public sealed record Backoff
{
    public string? Duration { get; init; }
    public string? Factor { get; init; }
    public string? Jitter { get; init; }
    public int? Steps { get; init; }
    public string? Cap { get; init; }
}

/// <summary>At most <see cref="RequestsPerUnit"/> executions per <see cref="Unit"/> (Second, Minute, Hour).</summary>
public sealed record RateLimit
{
    public string? Unit { get; init; }
    public int? RequestsPerUnit { get; init; }
}
