namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// The kinds a service runs (event sources, trigger executors) by spec key, in registration order; a key registered
/// twice is refused when the registry is built.
/// </summary>
public abstract class KindRegistry<TKind>
    where TKind : class
{
    private readonly Dictionary<string, TKind> _kinds = new(StringComparer.Ordinal);

    /// <param name="what">How a message names one kind, e.g. <c>trigger kind</c>.</param>
    protected KindRegistry(IEnumerable<TKind> kinds, Func<TKind, string> key, string what)
    {
        foreach (var kind in kinds)
        {
            if (!_kinds.TryAdd(key(kind), kind))
            {
                throw new InvalidOperationException($"{what} \"{key(kind)}\" is registered twice ({_kinds[key(kind)].GetType().Name} and {kind.GetType().Name})");
            }
        }
    }

    /// <summary>Every kind, in registration order.</summary>
    public IReadOnlyCollection<TKind> All => _kinds.Values;

    /// <summary>The spec keys of the kinds that run.</summary>
    public IReadOnlyCollection<string> Kinds => _kinds.Keys;

    public bool TryGet(string key, out TKind kind) => _kinds.TryGetValue(key, out kind!);
}
