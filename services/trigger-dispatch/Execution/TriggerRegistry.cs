using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.TriggerDispatch.Execution;

/// <summary>Triggers by (sensor, trigger name), rebuilt whenever the specs change.</summary>
public sealed class TriggerRegistry
{
    private volatile IReadOnlyDictionary<(string Sensor, string Trigger), Trigger> _triggers;

    public TriggerRegistry(ISpecCatalog catalog)
    {
        _triggers = Build(catalog.Current);
        catalog.Changed += snapshot => _triggers = Build(snapshot);
    }

    public bool TryGet(string sensor, string trigger, out Trigger found) => _triggers.TryGetValue((sensor, trigger), out found!);

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
