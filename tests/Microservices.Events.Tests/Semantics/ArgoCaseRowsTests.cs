using System.Globalization;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Simulation;
using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Semantics;

/// <summary>The argo-cases.md rows taken from Argo's end-to-end tests (its unit-test cases are in Conformance/): duplicate dependencies.</summary>
public sealed class ArgoCaseRowsTests
{
    [Fact]
    public void K10_duplicate_dependencies_whose_filters_cannot_both_pass_never_fire()
    {
        var sensor = SpecLoader.Load("""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: dup}
            spec:
              dependencies:
                - name: d1
                  eventSourceName: calendar
                  eventName: example
                  filters: {data: [{path: metadata.baz, type: string, value: ["1.0"]}]}
                - name: d2
                  eventSourceName: calendar
                  eventName: example
                  filters: {data: [{path: metadata.foo, type: string, value: ["baz"]}]}
              triggers:
                - template: {name: t, log: {}}
            """).Documents[0].Sensor!;
        var simulator = new SensorSimulator(sensor);

        var fired = Enumerable.Range(0, 3).SelectMany(i => simulator.Feed(new EventEnvelope
        {
            Id = $"tick-{i}",
            Source = "calendar",
            Subject = "example",
            Type = "calendar",
            Time = DateTimeOffset.Parse("2024-07-15T10:00:00Z", CultureInfo.InvariantCulture).AddSeconds(i * 10),
            Data = JsonDocument.Parse("""{"eventTime":"x","metadata":{"baz":"1.0","foo":"bar"}}""").RootElement,
        }).Firings).ToList();

        Assert.Empty(fired);
    }
}
