namespace Microservices.Events.Kubernetes.Specs;

/// <summary>
/// One condition of an EventSource's or Sensor's <c>status.conditions</c>, in Argo Events' shape: <c>type</c>,
/// <c>status</c> ("True", "False" or "Unknown"), <c>reason</c> and <c>message</c> (omitted when empty) and
/// <c>lastTransitionTime</c> (RFC 3339, seconds).
/// </summary>
public sealed record SpecCondition(string Type, string Status, string? Reason = null, string? Message = null, string? LastTransitionTime = null)
{
    public const string True = "True";
    public const string False = "False";

    /// <summary>Same type, status, reason and message: the condition did not change, whatever its time says.</summary>
    public bool SameAs(SpecCondition other) =>
        Type == other.Type && Status == other.Status && (Reason ?? "") == (other.Reason ?? "") && (Message ?? "") == (other.Message ?? "");
}
