namespace Microservices.Events.Ingress.Sources;

/// <summary>The registered event-source kinds by name (<see cref="IEventSourceKind.Kind"/>); a name registered twice is refused.</summary>
public sealed class EventSourceKindRegistry
{
    private readonly Dictionary<string, IEventSourceKind> _kinds = new(StringComparer.Ordinal);

    public EventSourceKindRegistry(IEnumerable<IEventSourceKind> kinds)
    {
        foreach (var kind in kinds)
        {
            if (!_kinds.TryAdd(kind.Kind, kind))
            {
                throw new InvalidOperationException($"event-source kind \"{kind.Kind}\" is registered twice ({_kinds[kind.Kind].GetType().Name} and {kind.GetType().Name})");
            }
        }
    }

    /// <summary>Every kind, in registration order.</summary>
    public IReadOnlyCollection<IEventSourceKind> All => _kinds.Values;
}
