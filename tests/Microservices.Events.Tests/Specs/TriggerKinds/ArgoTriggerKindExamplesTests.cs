using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs.TriggerKinds;

/// <summary>
/// Argo's example sensors of the trigger kinds that run here load with no error; the only fields reported as not
/// supported are the ones named.
/// </summary>
public sealed class ArgoTriggerKindExamplesTests
{
    [Theory]
    [InlineData("slack-trigger.yaml", "slack")]
    [InlineData("trigger-nats-messages.yaml", "nats")]
    [InlineData("aws-lambda-trigger.yaml", "awsLambda")]
    [InlineData("email-trigger.yaml", "email")]
    [InlineData("trigger-openwhisk.yaml", "openWhisk")]
    [InlineData("custom-trigger.yaml", "custom")]
    public void An_argo_example_of_a_runnable_kind_loads_ok(string file, string kind, params string[] unsupported)
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, "sensors", file);
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, $"CI=true but {path} is missing");
            return;
        }

        var loaded = SpecLoader.LoadFile(path);

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.AllDiagnostics));
        Assert.Equal(unsupported, loaded.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Unsupported).Select(d => d.Path));
        var sensor = Assert.Single(loaded.Documents).Sensor;
        Assert.NotNull(sensor);
        Assert.Contains(kind, sensor.Spec.Triggers.SelectMany(t => t.Template!.Kinds()));
    }
}
