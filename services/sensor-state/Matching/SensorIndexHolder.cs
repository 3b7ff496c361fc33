using Microservices.Events.Semantics.Matching;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.SensorState.Matching;

/// <summary>The current index, rebuilt whenever the specs change.</summary>
public sealed class SensorIndexHolder
{
    private volatile SensorIndex _index;

    public SensorIndexHolder(ISpecCatalog catalog)
    {
        _index = SensorIndex.Build(catalog.Current.Sensors);
        catalog.Changed += snapshot => _index = SensorIndex.Build(snapshot.Sensors);
    }

    public SensorIndex Current => _index;
}
