using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Ingress;

/// <summary>ingress's share of the bus: nothing to consume; it only sends <c>EventIngested</c> to queue <c>bus-gateway</c>.</summary>
public static class IngressBus
{
    public static BusPart Part { get; } = new("ingress", _ => { });
}
