using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources;

/// <summary>
/// One event-source kind (webhook, calendar, …): the spec section <c>spec.&lt;kind&gt;</c> it runs, its listeners for a
/// spec snapshot, and their health. What a listener receives goes to <see cref="Publishing.IEventIngestor"/> (through
/// <see cref="Publishing.EventFactory"/> and <see cref="Publishing.EventSourceFilterGate"/>). Each kind is a folder under
/// <c>Sources/</c>, registered in <see cref="EventSourceKinds"/>; its spec model and load-time validation live in
/// Microservices.Events.Specs beside the other kinds'. <see cref="EventSourceHost"/> drives every kind.
/// </summary>
public interface IEventSourceKind
{
    /// <summary>The spec key of the kind, e.g. <c>webhook</c>; also the CloudEvent <c>type</c> of its events.</summary>
    string Kind { get; }

    /// <summary>
    /// What keeps events of this kind in <paramref name="source"/> from running, with paths such as
    /// <c>spec.calendar.nightly</c>; empty when all can run. Such events are left out by <see cref="ApplyAsync"/>.
    /// </summary>
    IReadOnlyList<SpecDiagnostic> Validate(EventSource source);

    /// <summary>Runs the listeners <paramref name="snapshot"/> declares for this kind, replacing those of the previous one.</summary>
    Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Stops every listener; the service is stopping.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Whether the listeners can take events, for <c>/health</c>.</summary>
    HealthCheckResult Health();
}
