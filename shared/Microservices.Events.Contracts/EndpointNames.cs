namespace Microservices.Events.Contracts;

/// <summary>Queue names that are part of the contract between services.</summary>
public static class EndpointNames
{
    /// <summary>Where ingress sends <see cref="EventIngested"/>.</summary>
    public const string BusGateway = "bus-gateway";
}
