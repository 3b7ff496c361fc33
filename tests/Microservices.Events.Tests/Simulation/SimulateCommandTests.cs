using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Simulation;

/// <summary><c>events simulate</c>: output format, errors, and the event time as the clock.</summary>
public sealed class SimulateCommandTests
{
    private static string Event(string id, string subject, string time, string data = "{}", string source = "webhook") =>
        $$"""{"specversion":"1.0","id":"{{id}}","source":"{{source}}","type":"webhook","subject":"{{subject}}","time":"{{time}}","datacontenttype":"application/json","data":{{data}}}""";

    private static async Task<(int Exit, List<JsonNode> Lines, string Errors)> Run(string sensorYaml, params string[] events)
    {
        using var dir = new TempSpecs(("sensor.yaml", sensorYaml), ("events.jsonl", string.Join("\n", events)));
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await SensorSimulation.RunAsync(new FileInfo(Path.Combine(dir.Directory, "sensor.yaml")), new FileInfo(Path.Combine(dir.Directory, "events.jsonl")), output, errors, CancellationToken.None);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        return (exit, lines, errors.ToString());
    }

    private const string AndSensor = """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: pair}
        spec:
          dependencies:
            - {name: first, eventSourceName: webhook, eventName: a}
            - name: second
              eventSourceName: webhook
              eventName: b
              filters:
                data:
                  - {path: body.ok, type: bool, value: ["true"]}
          triggers:
            - template:
                name: joined
                conditions: "first && second"
                conditionsReset:
                  - byTime: {cron: "0 * * * *"}
                http:
                  url: http://example.invalid/hook
                  payload:
                    - src: {dependencyName: first, dataKey: body.n, useRawData: true}
                      dest: n
              parameters:
                - src: {dependencyName: second, dataKey: body.path, value: /none}
                  dest: http.url
                  operation: append
        """;

    [Fact]
    public async Task Each_firing_is_one_json_line_with_its_events_and_resolved_template_and_payload()
    {
        var (exit, lines, errors) = await Run(AndSensor,
            Event("a1", "a", "2024-07-15T10:00:00Z", """{"body":{"n":1}}"""),
            Event("b1", "b", "2024-07-15T10:01:00Z", """{"body":{"ok":true,"path":"/x"}}"""));

        Assert.Equal(0, exit);
        var line = Assert.Single(lines);
        Assert.Equal("joined", (string?)line["trigger"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"first":"a1","second":"b1"}"""), line["events"]));
        Assert.Equal("http://example.invalid/hook/x", (string?)line["resolved"]!["template"]!["http"]!["url"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"n":1}"""), line["resolved"]!["payload"]));
        Assert.Null(line["resolved"]!["resource"]);
        Assert.DoesNotContain("error", errors);
    }

    [Fact]
    public async Task The_event_time_is_the_clock_for_conditions_reset()
    {
        var (_, lines, _) = await Run(AndSensor,
            Event("a1", "a", "2024-07-15T10:50:00Z", """{"body":{"n":1}}"""),
            Event("b1", "b", "2024-07-15T11:10:00Z", """{"body":{"ok":true}}"""),
            Event("a2", "a", "2024-07-15T11:20:00Z", """{"body":{"n":2}}"""));

        var line = Assert.Single(lines);
        Assert.Equal("a2", (string?)line["events"]!["first"]);
    }

    [Fact]
    public async Task Malformed_lines_are_reported_with_their_number_and_skipped()
    {
        var (exit, lines, errors) = await Run(AndSensor,
            "{not json",
            Event("a1", "a", "2024-07-15T10:00:00Z", """{"body":{"n":1}}"""),
            """{"specversion":"1.0","source":"webhook","type":"webhook","time":"2024-07-15T10:00:00Z"}""",
            Event("b1", "b", "2024-07-15T10:01:00Z", """{"body":{"ok":true}}"""));

        Assert.Equal(0, exit);
        Assert.Single(lines);
        Assert.Contains("events.jsonl:1: skipped", errors);
        Assert.Contains("events.jsonl:3: skipped: id: required", errors);
    }

    [Fact]
    public async Task Filter_errors_go_to_stderr_with_sensor_and_dependency()
    {
        var (_, lines, errors) = await Run(AndSensor,
            Event("b1", "b", "2024-07-15T10:01:00Z", """{"body":{}}"""));

        Assert.Empty(lines);
        Assert.Contains("sensor pair dependency second: path 'body.ok' does not exist", errors);
    }

    [Fact]
    public async Task An_invalid_sensor_exits_2_with_path_precise_errors()
    {
        var (exit, lines, errors) = await Run(AndSensor.Replace("first && second", "first && third"));

        Assert.Equal(2, exit);
        Assert.Empty(lines);
        Assert.Contains("error: spec.triggers[0].template.conditions: unknown dependency \"third\"", errors);
    }

    [Fact]
    public async Task K8s_triggers_show_the_resource_after_their_parameters()
    {
        var (_, lines, _) = await Run("""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: k}
            spec:
              dependencies: [{name: dep, eventSourceName: webhook, eventName: a}]
              triggers:
                - template:
                    name: wf
                    k8s:
                      operation: create
                      source:
                        resource:
                          apiVersion: argoproj.io/v1alpha1
                          kind: Workflow
                          metadata: {generateName: wf-}
                          spec: {arguments: {parameters: [{name: message, value: default}]}}
                      parameters:
                        - src: {dependencyName: dep, dataKey: body.message}
                          dest: spec.arguments.parameters.0.value
            """, Event("a1", "a", "2024-07-15T10:00:00Z", """{"body":{"message":"hi"}}"""));

        var resource = Assert.Single(lines)["resolved"]!["resource"]!;
        Assert.Equal("hi", (string?)resource["spec"]!["arguments"]!["parameters"]![0]!["value"]);
    }

    public static TheoryData<string> WebhookSensors()
    {
        var data = new TheoryData<string>();
        var dir = Path.Combine(RepoPaths.ArgoExamples, "sensors");
        if (!Directory.Exists(dir))
        {
            data.Add("");
            return data;
        }

        foreach (var file in Directory.EnumerateFiles(dir, "*.y*ml").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            // Sensors of kinds refused at load cannot be simulated (RefusedKindSpecTests covers them).
            var refused = Microservices.Events.Specs.Validation.Triggers.RefusedTriggerValidators.Reasons.Keys.Any(k => text.Contains($" {k}:", StringComparison.Ordinal));
            if (text.Contains("eventSourceName: webhook", StringComparison.Ordinal) && !text.Contains("\n---", StringComparison.Ordinal) && !refused)
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WebhookSensors))]
    public async Task Argo_example_sensors_on_webhooks_run_over_written_events(string file)
    {
        if (file.Length == 0)
        {
            Assert.False(RepoPaths.IsCi, "CI=true but the Argo examples are missing");
            return;
        }

        var loaded = Microservices.Events.Specs.Loading.SpecLoader.LoadFile(Path.Combine(RepoPaths.ArgoExamples, "sensors", file));
        var sensor = loaded.Documents.Single(d => d.Sensor is not null).Sensor!;
        var events = sensor.Spec.Dependencies.Select((d, i) => Event($"e{i}", d.EventName!, $"2024-07-15T10:00:{i:00}Z",
            """{"header":{"Content-Type":["application/json"]},"body":{"message":"hello","name":"x","a":"1","b":"2","value":"50","id":1}}""", d.EventSourceName!)).ToArray();

        var (exit, lines, _) = await Run(File.ReadAllText(Path.Combine(RepoPaths.ArgoExamples, "sensors", file)), events);

        Assert.Equal(0, exit);
        Assert.All(lines, l =>
        {
            Assert.NotNull(l["trigger"]);
            Assert.NotNull(l["events"]);
            Assert.NotNull(l["resolved"]);
        });
    }
}
