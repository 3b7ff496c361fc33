using System.Text.Json;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation;

namespace Microservices.Events.Tests.Conformance;

/// <summary>
/// Argo's <c>pkg/reconciler/sensor/validate_test.go</c>: what refuses a Sensor when it is loaded. Each case changes
/// one thing in a valid sensor and expects no error, or an error at one field path.
/// </summary>
public sealed class ValidateTests
{
    /// <param name="ErrorPath">The field path of the expected error; null when the sensor is valid.</param>
    public sealed record Row(ArgoCase Case, Func<Sensor, Sensor> Change, string? ErrorPath) : IArgoCase;

    private static Row C(string test, string name, Func<Sensor, Sensor> change, string? errorPath, string? differs = null) =>
        new(new ArgoCase(ArgoCase.GoName(test, name), differs), change, errorPath);

    private const string Dep = "spec.dependencies[0]";
    private const string Filters = "spec.dependencies[0].filters";

    /// <summary>Argo's own unknown data filter type; it accepts it at load and fails the filter on every event.</summary>
    private const string UnknownType = "an unknown data filter type is refused at load: a filter that can only fail is reported where it is written, not on every event";

    // Argo's fake trigger has an empty source, which its validation lets through and every firing then fails on; a
    // k8s source with nothing to create is refused at load here (README), so the fixture names an object to create.
    private static readonly K8sTrigger K8sCreate = JsonSerializer.Deserialize<K8sTrigger>(
        """{"operation": "create", "source": {"resource": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "fake"}}}}""", SpecJson.Options)!;

    private static readonly Sensor Valid = new()
    {
        Metadata = new() { Name = "fake-sensor" },
        Spec = new()
        {
            Dependencies = [new EventDependency { Name = "fake-dep", EventSourceName = "fake-source", EventName = "fake-one" }],
            Triggers = [Trigger("fake-trigger")],
        },
    };

    private static Trigger Trigger(string name) => new() { Template = new() { Name = name, K8s = K8sCreate } };

    private static Func<Sensor, Sensor> AddDependency(EventDependency dependency) =>
        s => s with { Spec = s.Spec with { Dependencies = [.. s.Spec.Dependencies, dependency] } };

    private static Func<Sensor, Sensor> Dependency(Func<EventDependency, EventDependency> change) =>
        s => s with { Spec = s.Spec with { Dependencies = [change(s.Spec.Dependencies[0])] } };

    private static Func<Sensor, Sensor> Filter(EventDependencyFilter filters) => Dependency(d => d with { Filters = filters });

    private static Func<Sensor, Sensor> Triggers(params Trigger[] triggers) => s => s with { Spec = s.Spec with { Triggers = triggers } };

    private static Func<Sensor, Sensor> Reset(string cron, string? timezone) => s => s with
    {
        Spec = s.Spec with
        {
            Dependencies = [new() { Name = "A", EventSourceName = "a", EventName = "a" }, new() { Name = "B", EventSourceName = "b", EventName = "b" }],
            Triggers = [new() { Template = new() { Name = "fake-trigger", Conditions = "A && B", ConditionsReset = [new() { ByTime = new() { Cron = cron, Timezone = timezone } }], K8s = K8sCreate } }],
        },
    };

    private static readonly ExprFilter FakeExpr = new() { Expr = "fake-expr", Fields = [new() { Path = "fake-path", Name = "fake-name" }] };
    private static readonly DataFilter FakeData = new() { Path = "fake-path", Type = "fake-type", Value = ["fake-value"] };
    private static readonly EventContext FakeContext = new() { Type = "type", Subject = "subject", Source = "source", Datacontenttype = "fake-content-type" };

    public static readonly Row[] Cases =
    [
        C("TestValidDependencies", "test duplicate deps fail for STAN", AddDependency(new() { Name = "fake-dep2", EventSourceName = "fake-source", EventName = "fake-one" }), null,
            "no NATS Streaming bus: two dependencies on one event are allowed, as Argo allows them on JetStream"),
        C("TestValidDependencies", "test duplicate deps are fine for Jetstream", AddDependency(new() { Name = "fake-dep2", EventSourceName = "fake-source", EventName = "fake-one" }), null),
        C("TestValidDependencies", "test empty event source name", AddDependency(new() { Name = "fake-dep2", EventName = "fake-one" }), "spec.dependencies[1].eventSourceName"),
        C("TestValidDependencies", "test empty event name", AddDependency(new() { Name = "fake-dep2", EventSourceName = "fake-source" }), "spec.dependencies[1].eventName"),
        C("TestValidDependencies", "test empty event name#01", AddDependency(new() { EventSourceName = "fake-source2", EventName = "fake-one2" }), "spec.dependencies[1].name"),
        C("TestValidateLogicalOperator", "test valid", Dependency(d => d with { FiltersLogicalOperator = "or" }), null),
        C("TestValidateLogicalOperator", "test not valid", Dependency(d => d with { FiltersLogicalOperator = "fake" }), $"{Dep}.filtersLogicalOperator"),
        C("TestValidateComparator", "test valid", Filter(new() { Data = [new() { Path = "k", Type = "string", Value = ["v"], Comparator = "!=" }] }), null),
        C("TestValidateComparator", "test not valid", Filter(new() { Data = [new() { Path = "k", Type = "string", Value = ["v"], Comparator = "fake" }] }), $"{Filters}.data[0].comparator"),
        C("TestValidateEventFilter", "test empty", Filter(new()), null),
        C("TestValidateEventFilter", "test valid, all", Filter(new()
        {
            ExprLogicalOperator = "or", Exprs = [FakeExpr], DataLogicalOperator = "or", Data = [FakeData], Context = FakeContext,
            Time = new() { Start = "00:00:00", Stop = "06:00:00" },
        }), $"{Filters}.data[0].type", UnknownType),
        C("TestValidateEventFilter", "test valid, expr only", Filter(new() { Exprs = [FakeExpr] }), null),
        C("TestValidateEventFilter", "test valid, data only", Filter(new() { Data = [FakeData] }), $"{Filters}.data[0].type", UnknownType),
        C("TestValidateEventFilter", "test valid, ctx only", Filter(new() { Context = FakeContext }), null),
        C("TestValidateEventFilter", "test valid, time only", Filter(new() { Time = new() { Start = "00:00:00", Stop = "06:00:00" } }), null),
        C("TestValidateEventFilter", "test not valid, wrong logical operator", Filter(new() { DataLogicalOperator = "fake" }), $"{Filters}.dataLogicalOperator"),
        C("TestValidateEventExprFilter", "test valid", Filter(new() { Exprs = [FakeExpr] }), null),
        C("TestValidateEventExprFilter", "test not valid, no expr", Filter(new() { Exprs = [FakeExpr with { Expr = null }] }), $"{Filters}.exprs[0].expr"),
        C("TestValidateEventExprFilter", "test not valid, no field name", Filter(new() { Exprs = [FakeExpr with { Fields = [new() { Path = "fake-path" }] }] }), $"{Filters}.exprs[0].fields[0].name"),
        C("TestValidateEventDataFilter", "test valid", Filter(new() { Data = [new() { Path = "body.value", Type = "number", Value = ["50.0"] }] }), null),
        C("TestValidateEventDataFilter", "test not valid, no path", Filter(new() { Data = [new() { Type = "number", Value = ["50.0"] }] }), $"{Filters}.data[0].path"),
        C("TestValidateEventDataFilter", "test not valid, empty value", Filter(new() { Data = [new() { Path = "body.value", Type = "string", Value = [""] }] }), $"{Filters}.data[0].value[0]"),
        C("TestValidateEventDataFilter", "test not valid, wrong comparator", Filter(new() { Data = [new() { Path = "body.value", Type = "string", Value = [""], Comparator = "fake" }] }), $"{Filters}.data[0].comparator"),
        C("TestValidateEventCtxFilter", "test all fields", Filter(new() { Context = new() { Type = "fake-type", Subject = "fake-subject", Source = "fake-source", Datacontenttype = "fake-content-type" } }), null),
        C("TestValidateEventCtxFilter", "test single field", Filter(new() { Context = new() { Type = "fake-type" } }), null),
        C("TestValidateEventCtxFilter", "test no fields", Filter(new() { Context = new() }), $"{Filters}.context"),
        C("TestValidateEventTimeFilter", "test start < stop", Filter(new() { Time = new() { Start = "00:00:00", Stop = "06:00:00" } }), null),
        C("TestValidateEventTimeFilter", "test stop < start", Filter(new() { Time = new() { Start = "06:00:00", Stop = "00:00:00" } }), null),
        C("TestValidateEventTimeFilter", "test start = stop", Filter(new() { Time = new() { Start = "00:00:00", Stop = "00:00:00" } }), $"{Filters}.time.stop"),
        C("TestValidateEventTimeFilter", "test with valid timezone", Filter(new() { Time = new() { Start = "09:00:00", Stop = "17:00:00", Timezone = "America/New_York" } }), null),
        C("TestValidateEventTimeFilter", "test with invalid timezone", Filter(new() { Time = new() { Start = "09:00:00", Stop = "17:00:00", Timezone = "Invalid/Timezone" } }), $"{Filters}.time.timezone"),
        C("TestValidateEventTimeFilter", "test with empty timezone (defaults to UTC)", Filter(new() { Time = new() { Start = "09:00:00", Stop = "17:00:00", Timezone = "" } }), null),
        C("TestValidTriggers", "duplicate trigger names", Triggers(Trigger("fake-trigger"), Trigger("fake-trigger")), "spec.triggers[1].template.name"),
        C("TestValidTriggers", "empty trigger template", Triggers(new Trigger()), "spec.triggers[0].template"),
        C("TestValidTriggers", "vanilla dlqTrigger", Triggers(Trigger("fake-trigger") with { AtLeastOnce = true, DlqTrigger = Trigger("dlq-fake-trigger") with { AtLeastOnce = true } }), null),
        C("TestValidTriggers", "!dlqTrigger.atLeastOnce", Triggers(Trigger("fake-trigger") with { AtLeastOnce = true, DlqTrigger = Trigger("dlq-fake-trigger") }), "spec.triggers[0].dlqTrigger"),
        C("TestValidTriggers", "dlqTrigger !.atLeastOnce", Triggers(Trigger("fake-trigger") with { DlqTrigger = Trigger("dlq-fake-trigger") }), "spec.triggers[0].dlqTrigger"),
        C("TestValidTriggers", "invalid conditions reset - cron", Reset("a * * * *", null), "spec.triggers[0].template.conditionsReset[0].byTime.cron"),
        C("TestValidTriggers", "invalid conditions reset - timezone", Reset("* * * * *", "fake"), "spec.triggers[0].template.conditionsReset[0].byTime.timezone"),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Load_time_checks_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);

        var errors = SensorValidator.Validate(c.Change(Valid)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        if (c.ErrorPath is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(errors, e => e.Path == c.ErrorPath);
        }
    }

    [Fact]
    public void The_unchanged_sensor_is_valid() =>
        Assert.DoesNotContain(SensorValidator.Validate(Valid), d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>TestValidateSensor: every example of Argo's <c>examples/sensors</c> loads without error (one case per file).</summary>
    public static TheoryData<string> ExampleSensors()
    {
        var data = new TheoryData<string>();
        foreach (var file in ExampleFiles())
        {
            data.Add(file);
        }

        if (data.Count == 0)
        {
            // The examples are absent (ArgoExamplesTests fails the run in CI then); a placeholder keeps the theory from being empty.
            data.Add("");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleSensors))]
    public void TestValidateSensor_every_example_loads_without_errors(string file)
    {
        if (file.Length == 0)
        {
            return;
        }

        var loaded = SpecLoader.LoadFile(Path.Combine(RepoPaths.ArgoExamples, "sensors", file));

        if (RefusedExamples.TryGetValue(file, out var kind))
        {
            // A kind that cannot run here is refused at load, by name, rather than failing every firing.
            var errors = loaded.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.All(errors, e => Assert.Contains($"\"{kind}\" is refused", e.Message));
            Assert.NotEmpty(errors);
            return;
        }

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.AllDiagnostics));
    }

    /// <summary>Argo's example sensors whose trigger kind is refused at load here, with that kind.</summary>
    private static readonly Dictionary<string, string> RefusedExamples = new()
    {
        ["azure-event-hubs-sensor.yaml"] = "azureEventHubs",
        ["azure-service-bus-sensor.yaml"] = "azureServiceBus",
    };

    private const string RefusedKind = "its trigger kind cannot run here (no server to send to can run where this project is built and tested) and is refused at load by name, where Argo loads it";

    private static IEnumerable<string> ExampleFiles()
    {
        var folder = Path.Combine(RepoPaths.ArgoExamples, "sensors");
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal) : [];
    }

    /// <summary>Go names a sub-test per example file: <c>test example load: ../../../examples/sensors/&lt;file&gt;</c>.</summary>
    public static IEnumerable<ArgoCase> ExampleCases => ExampleFiles().Select(f => new ArgoCase(
        ArgoCase.GoName("TestValidateSensor", $"test example load: ../../../examples/sensors/{f}"), RefusedExamples.ContainsKey(f) ? RefusedKind : null));

    public static IEnumerable<ArgoCase> Inventory => [.. ExampleCases, .. Cases.Select(c => c.Case)];
}
