using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.TriggerDispatch.Execution;

/// <summary>
/// Triggers by (sensor, trigger name), rebuilt whenever the specs change; each trigger's (and dead-letter trigger's)
/// Argo action counters start at 0 then, as Argo Events starts them, so failure ratios exist before the first failure.
/// </summary>
public sealed class TriggerRegistry
{
    private readonly DispatchTelemetry? _telemetry;
    private volatile IReadOnlyDictionary<(string Sensor, string Trigger), Trigger> _triggers;

    public TriggerRegistry(ISpecCatalog catalog, DispatchTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        _triggers = Load(catalog.Current);
        catalog.Changed += snapshot => _triggers = Load(snapshot);
    }

    public bool TryGet(string sensor, string trigger, out Trigger found) => _triggers.TryGetValue((sensor, trigger), out found!);

    private IReadOnlyDictionary<(string, string), Trigger> Load(SpecSnapshot snapshot)
    {
        var triggers = Build(snapshot);
        foreach (var ((sensor, name), trigger) in triggers)
        {
            _telemetry?.Known(sensor, name);
            if (trigger.DlqTrigger?.Template?.Name is { Length: > 0 } dlq)
            {
                _telemetry?.Known(sensor, dlq);
            }
        }

        return triggers;
    }

    private static IReadOnlyDictionary<(string, string), Trigger> Build(SpecSnapshot snapshot)
    {
        var result = new Dictionary<(string, string), Trigger>();
        foreach (var sensor in snapshot.Sensors)
        {
            foreach (var trigger in sensor.Spec.Triggers)
            {
                if (trigger.Template?.Name is { Length: > 0 } name)
                {
                    result.TryAdd((sensor.Name, name), trigger);
                }
            }
        }

        return result;
    }
}
