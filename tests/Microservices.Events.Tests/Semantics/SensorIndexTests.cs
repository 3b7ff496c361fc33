using Microservices.Events.Semantics.Matching;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Tests.Semantics;

public sealed class SensorIndexTests
{
    private static string Sensor(string name, string eventName) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: {{name}}}
        spec:
          dependencies:
            - {name: d, eventSourceName: hooks, eventName: {{eventName}}}
          triggers:
            - template:
                name: t
                log: {}
        """;

    [Fact]
    public void Sensors_listening_to_one_event_are_looked_up_in_the_order_of_the_specs()
    {
        // Not in name order, so the order cannot come from the names.
        var names = Enumerable.Range(0, 64).Select(i => $"s{i * 37 % 64:D2}").ToArray();
        var yaml = string.Join("\n---\n", names.Select((n, i) => Sensor(n, i % 3 == 0 ? "other" : "shared")));
        var index = SensorIndex.Build(SpecSnapshot.FromYaml(yaml).Sensors);

        Assert.Equal(names.Where((_, i) => i % 3 != 0), index.Lookup("hooks", "shared").Select(b => b.Sensor));
        Assert.Equal(names.Where((_, i) => i % 3 == 0), index.Lookup("hooks", "other").Select(b => b.Sensor));
        Assert.Empty(index.Lookup("hooks", "none"));
        Assert.Equal(64, index.Count);
    }
}
