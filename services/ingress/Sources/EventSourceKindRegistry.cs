using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Ingress.Sources;

/// <summary>The registered event-source kinds by name (<see cref="IEventSourceKind.Kind"/>); a name registered twice is refused.</summary>
public sealed class EventSourceKindRegistry(IEnumerable<IEventSourceKind> kinds)
    : KindRegistry<IEventSourceKind>(kinds, k => k.Kind, "event-source kind");
