using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.TriggerDispatch.Executors;

/// <summary>The registered trigger kinds by name (<see cref="ITriggerExecutor.Kind"/>); a name registered twice is refused.</summary>
public sealed class TriggerExecutorRegistry(IEnumerable<ITriggerExecutor> executors)
    : KindRegistry<ITriggerExecutor>(executors, e => e.Kind, "trigger kind");
