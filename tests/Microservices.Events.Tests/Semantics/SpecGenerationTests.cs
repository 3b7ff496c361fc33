using Microservices.Events.Semantics.Matching;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Tests.Semantics;

/// <summary>
/// A trigger's spec generation (<see cref="SensorIndex.Generation"/>), stored with its correlation state: events kept
/// under another generation are discarded. The value must stay the same from one release to the next for unchanged
/// specs, or an upgrade would drop every half-correlated trigger; these values were made by the first implementation.
/// </summary>
public sealed class SpecGenerationTests
{
    private static string Sensor(string dependencies, string conditions) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: s}
        spec:
          dependencies:
        {{dependencies}}
          triggers:
            - template:
                name: t
                conditions: "{{conditions}}"
                log: {}
        """;

    private const string Plain = """
            - {name: a, eventSourceName: hooks, eventName: a}
            - {name: b, eventSourceName: hooks, eventName: b}
        """;

    private const string Filtered = """
            - name: a
              eventSourceName: hooks
              eventName: a
              filters:
                data:
                  - {path: body.kind, type: string, value: ["é", "x\"y"]}
            - {name: b, eventSourceName: hooks, eventName: b, transform: {jq: ".body"}}
        """;

    private const string Reordered = """
            - {name: b, eventSourceName: hooks, eventName: b}
            - {name: a, eventSourceName: hooks, eventName: a}
        """;

    private static string GenerationOf(string dependencies, string conditions)
    {
        var index = SensorIndex.Build(SpecSnapshot.FromYaml(Sensor(dependencies, conditions)).Sensors);
        return Assert.Single(index.Lookup("hooks", "a")[0].Triggers).SpecGeneration;
    }

    [Theory]
    [InlineData(Plain, "a && b", "bb81697ab101287e")]
    [InlineData(Plain, "a", "d3dc0041a617a37f")]
    [InlineData(Reordered, "a && b", "bb81697ab101287e")]
    [InlineData(Filtered, "a && b", "f527b9520102b3f9")]
    [InlineData(Filtered, "a || b", "680518ea2ee214fa")]
    public void The_generation_of_a_spec_is_the_one_earlier_releases_stored(string dependencies, string conditions, string expected) =>
        Assert.Equal(expected, GenerationOf(dependencies, conditions));

    [Fact]
    public void Conditions_that_name_no_dependency_hash_with_the_newline_that_followed_them() =>
        Assert.Equal("87428fc522803d31", SensorIndex.Generation("a", []));
}
