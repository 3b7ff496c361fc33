using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.TriggerDispatch;

/// <summary>Configuration section <c>Dispatch</c>.</summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>How long an executed firing id is remembered, so a redelivered request does not run twice.</summary>
    [Range(1, 7 * 86_400)]
    public int IdempotencyWindowSeconds { get; set; } = 3600;
}
