using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs;

public sealed class SpecLoaderTests
{
    private const string Sensor = """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata:
          name: s
        spec:
          dependencies:
            - name: dep-1
              eventSourceName: webhook
              eventName: example
            - name: dep-2
              eventSourceName: webhook
              eventName: other
          triggers:
            - template:
                name: first
                log: {}
            - template:
                name: second
                conditions: "dep-1 && dep-3"
                log: {}
        """;

    [Fact]
    public void An_unknown_dependency_in_conditions_is_an_error_naming_the_field_path()
    {
        var file = SpecLoader.Load(Sensor);

        var error = Assert.Single(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("spec.triggers[1].template.conditions: unknown dependency \"dep-3\"", error.ToString());
    }

    [Fact]
    public void Several_documents_in_one_file_all_load()
    {
        const string eventSource = """
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata:
              name: webhook
            spec:
              webhook:
                example: {port: "12000", endpoint: /example, method: POST}
            """;
        var file = SpecLoader.Load(eventSource + "\n---\n" + Sensor.Replace("dep-3", "dep-2"));

        Assert.Equal(2, file.Documents.Count);
        Assert.NotNull(file.Documents[0].EventSource);
        Assert.Equal("s", file.Documents[1].Sensor!.Name);
        Assert.False(file.HasErrors, string.Join("\n", file.AllDiagnostics));
    }

    [Fact]
    public void A_valid_conditionsReset_loads_without_findings_as_sensor_state_applies_it()
    {
        var file = SpecLoader.Load(Sensor.Replace("dep-3", "dep-2").Replace(
            "        conditions: \"dep-1 && dep-2\"\n",
            "        conditions: \"dep-1 && dep-2\"\n        conditionsReset:\n          - byTime: {cron: \"0 23 * * *\", timezone: America/Los_Angeles}\n"));

        Assert.NotNull(file.Documents[0].Sensor!.Spec.Triggers[1].Template!.ConditionsReset);
        Assert.Empty(file.AllDiagnostics);
    }

    [Fact]
    public void Unknown_fields_are_warnings_with_their_path_and_the_spec_still_loads()
    {
        var file = SpecLoader.Load(Sensor.Replace("dep-3", "dep-2").Replace("      eventName: other", "      eventName: other\n      colour: blue"));

        var warning = Assert.Single(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Warning);
        Assert.Equal("spec.dependencies[1].colour", warning.Path);
        Assert.NotNull(file.Documents[0].Sensor);
        Assert.False(file.HasErrors);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_an_error_at_its_path()
    {
        var file = SpecLoader.Load("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b, eventName: c}], triggers: [{retryStrategy: {steps: many}, template: {name: t, log: {}}}]}");

        var error = Assert.Single(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("spec.triggers[0].retryStrategy.steps", error.Path);
        Assert.Contains("integer", error.Message);
    }

    [Theory]
    [InlineData("{cap: soon}", "spec.triggers[0].retryStrategy.cap")]
    [InlineData("{duration: -2s}", "spec.triggers[0].retryStrategy.duration")]
    [InlineData("{factor: \"-1\"}", "spec.triggers[0].retryStrategy.factor")]
    [InlineData("{jitter: lots}", "spec.triggers[0].retryStrategy.jitter")]
    public void A_retry_strategy_field_that_cannot_be_read_is_an_error_at_its_path(string strategy, string path)
    {
        var file = SpecLoader.Load($"apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {{name: x}}\nspec: {{dependencies: [{{name: a, eventSourceName: b, eventName: c}}], triggers: [{{retryStrategy: {strategy}, template: {{name: t, log: {{}}}}}}]}}");

        var error = Assert.Single(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void A_retry_strategy_with_a_cap_loads_without_findings()
    {
        var file = SpecLoader.Load("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b, eventName: c}], triggers: [{retryStrategy: {steps: 4, duration: 1s, factor: 2, cap: 3s}, template: {name: t, log: {}}}]}");

        Assert.Empty(file.AllDiagnostics);
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_line_and_does_not_throw()
    {
        var file = SpecLoader.Load("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: [unclosed\n");

        var error = Assert.Single(file.AllDiagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("line", error.Message);
    }

    [Theory]
    [InlineData("kind: Sensor\nmetadata: {name: x}\nspec: {}", "apiVersion")]
    [InlineData("apiVersion: v1\nkind: Sensor\nmetadata: {name: x}\nspec: {}", "apiVersion")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nmetadata: {name: x}", "kind")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {}", "spec.dependencies")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {}\nspec: {dependencies: [{name: a, eventSourceName: b, eventName: c}], triggers: [{template: {name: t, log: {}}}]}", "metadata.name")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b}], triggers: [{template: {name: t, log: {}}}]}", "spec.dependencies[0].eventName")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b, eventName: c}], triggers: [{template: {name: t}}]}", "spec.triggers[0].template")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b, eventName: c}], triggers: [{template: {name: t, http: {url: 'not a url'}}}]}", "spec.triggers[0].template.http.url")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b, eventName: c}], triggers: [{template: {name: t, conditions: 'a &&', log: {}}}]}", "spec.triggers[0].template.conditions")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b, eventName: c, filters: {data: [{path: k, type: text, value: [v]}]}}], triggers: [{template: {name: t, log: {}}}]}", "spec.dependencies[0].filters.data[0].type")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b, eventName: c}], triggers: [{template: {name: t, http: {url: 'http://x', payload: [{src: {dependencyName: zz}, dest: a}]}}}]}", "spec.triggers[0].template.http.payload[0].src.dependencyName")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b, eventName: c, transform: {jq: '.a |'}}], triggers: [{template: {name: t, log: {}}}]}", "spec.dependencies[0].transform.jq")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: w}\nspec: {webhook: {e: {port: '99999', endpoint: /x, method: POST}}}", "spec.webhook.e.port")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: w}\nspec: {webhook: {e: {port: '12000', endpoint: x, method: POST}}}", "spec.webhook.e.endpoint")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: c}\nspec: {calendar: {e: {schedule: '* * *'}}}", "spec.calendar.e.schedule")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: c}\nspec: {calendar: {e: {interval: soon}}}", "spec.calendar.e.interval")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: c}\nspec: {calendar: {e: {interval: 10s, timezone: Mars/Olympus}}}", "spec.calendar.e.timezone")]
    public void Invalid_specs_report_an_error_at_the_offending_field(string yaml, string expectedPath)
    {
        var file = SpecLoader.Load(yaml);

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Path == expectedPath);
    }

    [Fact]
    public void Field_names_match_case_insensitively_with_a_warning_like_Go()
    {
        var file = SpecLoader.Load("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b, eventname: c}], triggers: [{template: {name: t, log: {}}}]}");

        Assert.False(file.HasErrors, string.Join("\n", file.AllDiagnostics));
        Assert.Equal("c", file.Documents[0].Sensor!.Spec.Dependencies[0].EventName);
        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Path == "spec.dependencies[0].eventname");
    }

    [Fact]
    public void Numbers_in_string_fields_are_read_as_text()
    {
        var file = SpecLoader.Load("apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: w}\nspec: {webhook: {e: {port: 12000, endpoint: /x, method: POST}}}");

        Assert.Equal("12000", file.Documents[0].EventSource!.Spec.Webhook!["e"].Port);
    }

    [Fact]
    public void Transforms_and_script_filters_load_as_supported()
    {
        var file = SpecLoader.Load("""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: x}
            spec:
              dependencies:
                - {name: a, eventSourceName: b, eventName: c, transform: {jq: ".body.message *= 2"}}
                - {name: d, eventSourceName: b, eventName: c, transform: {script: "return event"}}
                - {name: e, eventSourceName: b, eventName: c, filters: {script: "return true"}}
              triggers:
                - template: {name: t, conditions: "a || d || e", log: {}}
            """);

        Assert.Empty(file.AllDiagnostics);
    }

    [Fact]
    public void A_script_beside_a_jq_transform_is_reported_as_ignored()
    {
        var file = SpecLoader.Load("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: x}\nspec: {dependencies: [{name: a, eventSourceName: b, eventName: c, transform: {jq: '.', script: 'return event'}}], triggers: [{template: {name: t, log: {}}}]}");

        var warning = Assert.Single(file.AllDiagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("spec.dependencies[0].transform.script", warning.Path);
    }
}
