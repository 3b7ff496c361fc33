using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Cli;

public sealed class ValidateCommandTests
{
    [Fact]
    public void Validate_prints_a_verdict_for_every_Argo_example_and_errors_only_for_kinds_refused_at_load()
    {
        if (!Directory.Exists(RepoPaths.ArgoExamples))
        {
            Assert.False(RepoPaths.IsCi, "CI=true but the Argo examples are missing");
            return;
        }

        var output = new StringWriter();
        var files = Directory.EnumerateFiles(RepoPaths.ArgoExamples, "*.y*ml", SearchOption.AllDirectories).ToList();

        // Sensors of trigger kinds and event sources of kinds that cannot run here are refused at load, by name: the only
        // errors, and why it exits 1.
        var refusedKinds = Microservices.Events.Specs.Validation.Triggers.RefusedTriggerValidators.Reasons.Keys;
        var refusedSources = Microservices.Events.Specs.Validation.RefusedEventSourceValidator.Reasons.Keys;
        var refused = files.Select(File.ReadAllText).Count(text =>
            (text.Contains("kind: Sensor", StringComparison.Ordinal) && refusedKinds.Any(k => text.Contains($" {k}:", StringComparison.Ordinal)))
            || (text.Contains("kind: EventSource", StringComparison.Ordinal) && refusedSources.Any(k => text.Contains($"\n  {k}:", StringComparison.Ordinal))));

        var exit = SpecValidation.Run(files, output);

        Assert.Equal(refused == 0 ? 0 : 1, exit);
        var verdicts = output.ToString().Split('\n').Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && !l.Contains("file(s)", StringComparison.Ordinal)).ToList();
        Assert.Equal(files.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.Matches("^(OK|WARNINGS|UNSUPPORTED|ERROR) ", v));
        Assert.Equal(refused, verdicts.Count(v => v.StartsWith("ERROR ", StringComparison.Ordinal)));
        Assert.All(output.ToString().Split('\n').Where(l => l.Contains("error:", StringComparison.Ordinal)), l => Assert.Contains("\" is refused: ", l));
    }

    [Fact]
    public void Validate_exits_non_zero_and_names_the_field_when_a_file_has_errors()
    {
        using var specs = new TempSpecs(("bad.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: s}
            spec:
              dependencies: [{name: a, eventSourceName: w, eventName: e}]
              triggers: [{template: {name: t, conditions: "a && dep-3", log: {}}}]
            """), ("good.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: w}
            spec: {webhook: {e: {port: "12000", endpoint: /e, method: POST}}}
            """));
        var output = new StringWriter();

        var exit = SpecValidation.Run([specs.Directory, Path.Combine(specs.Directory, "missing.yaml")], output);

        Assert.Equal(1, exit);
        var text = output.ToString();
        Assert.Contains("error: spec.triggers[0].template.conditions: unknown dependency \"dep-3\"", text);
        Assert.Matches(@"(?m)^OK\s+.*good\.yaml", text);
        Assert.Matches(@"(?m)^ERROR\s+.*missing\.yaml", text);
    }

    [Fact]
    public void The_repository_examples_are_valid()
    {
        var output = new StringWriter();

        Assert.Equal(0, SpecValidation.Run([RepoPaths.Examples], output));
        Assert.DoesNotContain("ERROR", output.ToString());
    }
}
