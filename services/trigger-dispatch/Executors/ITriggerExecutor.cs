using Microservices.Events.Specs.Model;

namespace Microservices.Events.TriggerDispatch.Executors;

/// <summary>
/// One trigger kind (log, http, …): whether a firing's resolved template can run, and running it. Each kind is a folder
/// under <c>Executors/</c>, registered by its name in <see cref="TriggerExecutors"/>; its spec model and load-time
/// validation live in Microservices.Events.Specs beside the other kinds'.
/// </summary>
public interface ITriggerExecutor
{
    /// <summary>The spec key of the kind, e.g. <c>http</c>: the field of <c>template</c> it runs.</summary>
    string Kind { get; }

    /// <summary>
    /// Why <paramref name="template"/> (every parameter applied) cannot run, or nothing. Checked before each attempt: an
    /// attempt with a problem is not executed and fails with these reasons (the retry strategy still applies).
    /// </summary>
    IReadOnlyList<string> Validate(TriggerTemplate template);

    /// <summary>Runs one attempt of a firing <see cref="Validate"/> accepted; the outcome says whether the kind's policy accepts it.</summary>
    Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken);
}
