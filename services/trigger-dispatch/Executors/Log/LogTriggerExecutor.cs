using System.Collections.Concurrent;
using System.Text.Json;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Semantics.Paths;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.TriggerDispatch.Executors.Log;

/// <summary>The <c>log</c> trigger: writes each dependency's event context and data to the log, at most once per <c>intervalSeconds</c>.</summary>
public sealed class LogTriggerExecutor(TimeProvider time, ILogger<LogTriggerExecutor> logger) : ITriggerExecutor
{
    private readonly ConcurrentDictionary<(string, string), DateTimeOffset> _lastLogged = new();

    public string Kind => "log";

    public IReadOnlyList<string> Validate(TriggerTemplate template) => [];

    public Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(execution.Template.Log?.IntervalSeconds ?? 0);
        var key = (execution.Sensor, execution.Template.Name ?? "");
        var now = time.GetUtcNow();
        if (interval > TimeSpan.Zero && _lastLogged.TryGetValue(key, out var last) && now - last < interval)
        {
            return Task.FromResult(TriggerOutcome.Ok("suppressed by intervalSeconds"));
        }

        _lastLogged[key] = now;
        foreach (var (dependency, @event) in execution.Events.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            logger.LogInformation(
                "Sensor {Sensor} trigger {Trigger} fired (firing {FiringId}): dependency {Dependency} context {Context} data {Data}",
                execution.Sensor,
                execution.Template.Name,
                execution.FiringId,
                dependency,
                ParameterResolver.Context(@event).ToJsonString(JsonText.Options),
                @event.Data is { } data ? JsonSerializer.Serialize(data, JsonText.Options) : "null");
        }

        return Task.FromResult(TriggerOutcome.Ok($"logged {execution.Events.Count} event(s)"));
    }
}
