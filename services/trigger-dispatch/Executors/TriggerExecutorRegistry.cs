namespace Microservices.Events.TriggerDispatch.Executors;

/// <summary>The registered trigger kinds by name (<see cref="ITriggerExecutor.Kind"/>); a name registered twice is refused.</summary>
public sealed class TriggerExecutorRegistry
{
    private readonly Dictionary<string, ITriggerExecutor> _executors = new(StringComparer.Ordinal);

    public TriggerExecutorRegistry(IEnumerable<ITriggerExecutor> executors)
    {
        foreach (var executor in executors)
        {
            if (!_executors.TryAdd(executor.Kind, executor))
            {
                throw new InvalidOperationException($"trigger kind \"{executor.Kind}\" is registered twice ({_executors[executor.Kind].GetType().Name} and {executor.GetType().Name})");
            }
        }
    }

    /// <summary>The kinds that run, by spec key.</summary>
    public IReadOnlyCollection<string> Kinds => _executors.Keys;

    public bool TryGet(string kind, out ITriggerExecutor executor) => _executors.TryGetValue(kind, out executor!);
}
