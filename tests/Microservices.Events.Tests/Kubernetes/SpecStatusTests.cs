using System.Text.Json.Nodes;
using Microservices.Events.Kubernetes.Specs;
using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Kubernetes;

/// <summary>The status conditions of EventSource and Sensor resources, computed from load findings, and how they change over time.</summary>
public sealed class SpecStatusTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 6, 30, 15, TimeSpan.Zero);

    private static SpecDiagnostic Error(string path, string message) => new(DiagnosticSeverity.Error, path, message);

    public static TheoryData<string, SpecDiagnostic[], DeployState, string[]> Cases => new()
    {
        { "EventSource", [], DeployState.Deployed, ["Deployed True", "SourcesProvided True"] },
        {
            "EventSource", [Error("spec.webhook.example.port", "required")], DeployState.Invalid,
            ["Deployed False InvalidEventSource not run: the EventSource has errors (see the other conditions)", "SourcesProvided False InvalidEventSource spec.webhook.example.port: required"]
        },
        {
            "EventSource", [new(DiagnosticSeverity.Warning, "spec.webhook.example.colour", "unknown field"), new(DiagnosticSeverity.Unsupported, "spec.pulsar", "not run")], DeployState.Deployed,
            ["Deployed True", "SourcesProvided True Warnings spec.webhook.example.colour: unknown field; not supported: spec.pulsar: not run"]
        },
        { "Sensor", [], DeployState.Deployed, ["DependenciesProvided True", "Deployed True", "TriggersProvided True"] },
        {
            "Sensor", [Error("spec.triggers[0].template.http.url", "required"), Error("spec.dependencies[1].eventName", "required")], DeployState.Invalid,
            [
                "DependenciesProvided False InvalidDependencies spec.dependencies[1].eventName: required",
                "Deployed False InvalidSensor not run: the Sensor has errors (see the other conditions)",
                "TriggersProvided False InvalidTriggers spec.triggers[0].template.http.url: required",
            ]
        },
        {
            "Sensor", [Error("metadata.name", "required")], DeployState.Invalid,
            ["DependenciesProvided False InvalidDependencies metadata.name: required", "Deployed False InvalidSensor not run: the Sensor has errors (see the other conditions)", "TriggersProvided True"]
        },
        { "Sensor", [], DeployState.Duplicate, ["DependenciesProvided True", "Deployed False DuplicateName another Sensor of this name is run instead", "TriggersProvided True"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conditions_follow_argo_types_with_the_findings_that_concern_each_in_its_message(string kind, SpecDiagnostic[] findings, DeployState state, string[] expected)
    {
        var conditions = SpecConditions.For(kind, findings, state);

        Assert.Equal(expected, conditions.Select(c => string.Join(' ', new[] { c.Type, c.Status, c.Reason, c.Message }.Where(p => !string.IsNullOrEmpty(p)))));
    }

    [Fact]
    public void A_long_list_of_findings_is_cut_saying_how_many_were_left_out()
    {
        var findings = Enumerable.Range(0, 500).Select(i => Error($"spec.triggers[{i}].template.name", "required")).ToArray();

        var triggers = SpecConditions.For("Sensor", findings, DeployState.Invalid).Single(c => c.Type == SpecConditions.TriggersProvided);

        Assert.True(triggers.Message!.Length <= SpecConditions.MaxMessageLength + 40);
        Assert.EndsWith("more", triggers.Message);
        Assert.StartsWith("spec.triggers[0].template.name: required; spec.triggers[1]", triggers.Message);
    }

    [Fact]
    public void A_condition_that_did_not_change_keeps_its_transition_time_and_one_that_changed_gets_now()
    {
        var before = SpecStatus.Next(null, SpecConditions.For("Sensor", [], DeployState.Deployed), 1, Earlier);
        var findings = new[] { Error("spec.triggers[0].template.http.url", "required") };

        var after = SpecStatus.Next(before, SpecConditions.For("Sensor", findings, DeployState.Invalid), 2, Now);
        var times = SpecStatus.Conditions(after).ToDictionary(c => c.Type, c => c.LastTransitionTime);

        Assert.Equal("2026-11-01T10:00:00Z", times[SpecConditions.DependenciesProvided]);
        Assert.Equal("2026-11-29T06:30:15Z", times[SpecConditions.TriggersProvided]);
        Assert.Equal("2026-11-29T06:30:15Z", times[SpecConditions.Deployed]);
        Assert.Equal(2, after["observedGeneration"]!.GetValue<long>());
    }

    [Fact]
    public void The_same_findings_later_give_a_status_that_needs_no_write()
    {
        var conditions = SpecConditions.For("EventSource", [], DeployState.Deployed);
        var stored = JsonNode.Parse(SpecStatus.Next(null, conditions, 3, Earlier).ToJsonString());

        var again = SpecStatus.Next(stored, conditions, 3, Now);

        Assert.False(SpecStatus.Differs(stored, again));
        Assert.True(SpecStatus.Differs(stored, SpecStatus.Next(stored, conditions, 4, Now)));
        Assert.True(SpecStatus.Differs(null, again));
    }

    [Fact]
    public void A_status_with_fields_in_another_order_or_foreign_fields_is_read_by_value()
    {
        var stored = JsonNode.Parse("""
            {"conditions": [
              {"lastTransitionTime": "2026-11-01T10:00:00Z", "status": "True", "type": "Deployed"},
              {"message": "", "status": "True", "type": "SourcesProvided", "lastTransitionTime": "2026-11-01T10:00:00Z"}],
             "observedGeneration": 1, "phase": "Running"}
            """);

        var next = SpecStatus.Next(stored, SpecConditions.For("EventSource", [], DeployState.Deployed), 1, Now);

        Assert.False(SpecStatus.Differs(stored, next));
    }

    [Fact]
    public void The_spec_document_of_a_resource_leaves_out_status_and_server_bookkeeping()
    {
        var resource = JsonNode.Parse("""
            {"apiVersion": "argoproj.io/v1alpha1", "kind": "Sensor",
             "metadata": {"name": "s", "namespace": "argo", "uid": "u-1", "generation": 4, "resourceVersion": "812",
                          "managedFields": [{"manager": "kubectl"}],
                          "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{...}"}, "labels": {"team": "a"}},
             "spec": {"dependencies": []}, "status": {"conditions": []}}
            """)!.AsObject();

        var document = CustomResourceDocument.Of(resource);

        Assert.Equal("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Sensor","spec":{"dependencies":[]},"metadata":{"name":"s","namespace":"argo","labels":{"team":"a"},"uid":"u-1","generation":4}}""", document.ToJsonString());
        Assert.Equal("sensors/argo/s", CustomResourceDocument.Key("sensors", resource));
    }
}
