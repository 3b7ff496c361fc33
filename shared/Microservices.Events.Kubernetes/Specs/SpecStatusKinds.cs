namespace Microservices.Events.Kubernetes.Specs;

/// <summary>The kinds whose status this process writes: the kinds the services it hosts run (ingress: EventSource; sensor-state: Sensor).</summary>
public sealed class SpecStatusKinds
{
    public HashSet<string> Kinds { get; } = new(StringComparer.Ordinal);
}
