using System.Net;

namespace Microservices.Events.TriggerDispatch.Executors.K8s;

/// <summary>An error answer of the API server: its HTTP status, the Status object's reason and message.</summary>
public sealed class KubernetesApiException(HttpStatusCode status, string reason, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Reason { get; } = reason;

    public override string ToString() => $"{(int)Status} {Reason}: {Message}";
}
