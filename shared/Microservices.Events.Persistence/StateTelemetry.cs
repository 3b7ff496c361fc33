using System.Diagnostics.Metrics;

namespace Microservices.Events.Persistence;

/// <summary>Metrics of the state store (meter <c>Microservices.Events.State</c>, exported with the services' own).</summary>
public static class StateTelemetry
{
    public const string MeterName = "Microservices.Events.State";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Saga writes that lost to another writer (insert of an existing id, update or delete of a stale version); each is retried.</summary>
    public static readonly Counter<long> SagaConflicts = Meter.CreateCounter<long>("state_saga_conflicts_total", description: "Saga writes that lost an optimistic concurrency race and were retried");
}
