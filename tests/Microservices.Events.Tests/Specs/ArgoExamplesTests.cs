using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Validation;
using Microservices.Events.Specs.Validation.Triggers;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Specs;

public sealed class ArgoExamplesTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        var root = RepoPaths.ArgoExamples;
        if (!Directory.Exists(root))
        {
            // Reported by Argo_examples_folder_is_present; a placeholder keeps the theory from being empty.
            data.Add("");
            return data;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Fact]
    public void Argo_examples_folder_is_present_when_running_in_CI()
    {
        if (!Directory.Exists(RepoPaths.ArgoExamples))
        {
            Assert.False(RepoPaths.IsCi, $"CI=true but the Argo examples are missing at {RepoPaths.ArgoExamples}");
            return;
        }

        Assert.True(Directory.EnumerateFiles(RepoPaths.ArgoExamples, "*.y*ml", SearchOption.AllDirectories).Count() >= 100);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_Argo_example_loads_without_errors_or_names_what_it_does_not_support(string relativePath)
    {
        if (relativePath.Length == 0)
        {
            return;
        }

        var file = SpecLoader.LoadFile(Path.Combine(RepoPaths.ArgoExamples, relativePath));

        Assert.NotEmpty(file.Documents);
        // Trigger and event-source kinds that cannot run here are refused at load, by name; nothing else may be an error.
        var errors = file.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !RefusedTriggerValidators.Reasons.Keys.Any(
            k => d.Path.EndsWith($".template.{k}", StringComparison.Ordinal) && d.Message == RefusedTriggerValidators.Refusal(k))
            && !RefusedEventSourceValidator.Reasons.Keys.Any(k => d.Path.StartsWith($"spec.{k}.", StringComparison.Ordinal) && d.Message == RefusedEventSourceValidator.Refusal(k)));
        Assert.False(errors.Any(), string.Join("\n", file.AllDiagnostics));
        foreach (var doc in file.Documents)
        {
            var runnable = doc.EventSource is not null || doc.Sensor is not null;
            var unsupported = doc.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Unsupported).ToList();
            Assert.True(runnable || unsupported.Count > 0, $"{relativePath}[{doc.Index}] neither loaded nor reported as unsupported");
            Assert.All(unsupported, d => Assert.Contains("not", d.Message));
        }
    }

    [Fact]
    public void Trigger_kinds_that_cannot_run_here_are_refused_by_name_with_their_path()
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, "sensors", "azure-event-hubs-sensor.yaml");
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, "CI=true but the Argo examples are missing");
            return;
        }

        var file = SpecLoader.LoadFile(path);

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error
            && d.Path == "spec.triggers[0].template.azureEventHubs" && d.Message.Contains("\"azureEventHubs\" is refused"));
    }
}
