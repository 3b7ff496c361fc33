using System.Globalization;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Matching;
using Microservices.Events.Semantics.Simulation;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation;

namespace Microservices.Events.Tests.Conformance;

/// <summary>
/// Argo's <c>pkg/sensors/listener_test.go</c>: the expression a trigger waits for, its own <c>conditions</c> or the
/// AND of every dependency. Argo reads <c>-</c> as <c>_</c> in conditions and dependency names, so <c>dep-1a</c>
/// names the dependency <c>dep_1a</c>.
/// </summary>
public sealed class ListenerTests
{
    /// <param name="Bound">Each dependency the trigger listens to, with the effective conditions it carries.</param>
    public sealed record Row(ArgoCase Case, string[] Dependencies, string? Conditions, string[] Bound, string ExpectedConditions) : IArgoCase;

    private static Row C(string name, string[] dependencies, string? conditions, string[] bound, string expected) =>
        new(new ArgoCase(ArgoCase.GoName("TestGetDependencyExpression", name)), dependencies, conditions, bound, expected);

    public static readonly Row[] Cases =
    [
        C("get simple expression", ["dep1"], null, ["dep1"], "dep1"),
        C("get two deps expression", ["dep1", "dep2"], null, ["dep1", "dep2"], "dep1 && dep2"),
        C("get complex expression", ["dep1", "dep1a", "dep2"], null, ["dep1", "dep1a", "dep2"], "dep1 && dep1a && dep2"),
        C("get conditions expression", ["dep-1", "dep_1a", "dep-2", "dep-3"], "dep-1 || dep-1a || dep-3", ["dep-1", "dep_1a", "dep-3"], "((dep-1 || dep_1a) || dep-3)"),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    private static Sensor SensorOf(Row c) => new()
    {
        Metadata = new() { Name = "fake-sensor" },
        Spec = new()
        {
            Dependencies = c.Dependencies.Select((d, i) => new EventDependency { Name = d, EventSourceName = "webhook", EventName = $"example-{i}" }).ToList(),
            Triggers = [new Trigger { Template = new() { Name = "fake-trigger", Conditions = c.Conditions, Log = new() } }],
        },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Trigger_expressions_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);
        var sensor = SensorOf(c);

        Assert.DoesNotContain(SensorValidator.Validate(sensor), d => d.Severity == DiagnosticSeverity.Error);
        var index = SensorIndex.Build([sensor]);
        var bound = sensor.Spec.Dependencies
            .SelectMany(d => index.Lookup(d.EventSourceName!, d.EventName!).Where(b => b.Dependency.Name == d.Name))
            .ToList();
        Assert.Equal(c.Bound, bound.Select(b => b.Dependency.Name));
        Assert.All(bound, b => Assert.Equal(c.ExpectedConditions, Assert.Single(b.Triggers).Conditions));
    }

    [Fact]
    public void A_condition_name_with_a_dash_fires_for_the_dependency_spelt_with_an_underscore()
    {
        var c = ArgoCases.Find(Cases, ArgoCase.GoName("TestGetDependencyExpression", "get conditions expression"));
        var simulator = new SensorSimulator(SensorOf(c));

        var (firings, errors) = simulator.Feed(new EventEnvelope
        {
            Id = "1",
            Source = "webhook",
            Subject = "example-1",
            Type = "webhook",
            Time = DateTimeOffset.Parse("2024-07-15T10:00:00Z", CultureInfo.InvariantCulture),
            Data = JsonDocument.Parse("{}").RootElement,
        });

        Assert.Empty(errors);
        Assert.Equal("dep_1a", Assert.Single(Assert.Single(firings).Events).Key);
    }

    [Fact]
    public void A_condition_name_matching_two_dependencies_only_through_the_dash_is_refused()
    {
        var sensor = SensorOf(C("ambiguous", ["a-b_c", "a_b-c"], "a-b_c && a-b-c", [], ""));

        var error = Assert.Single(SensorValidator.Validate(sensor), d => d.Severity == DiagnosticSeverity.Error);

        Assert.Equal("spec.triggers[0].template.conditions", error.Path);
        Assert.Equal("\"a-b-c\" matches dependencies \"a-b_c\" and \"a_b-c\" (\"-\" reads as \"_\" in conditions)", error.Message);
    }

    public static IEnumerable<ArgoCase> Inventory => Cases.Select(c => c.Case);
}
