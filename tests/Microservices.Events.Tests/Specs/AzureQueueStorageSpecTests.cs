using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs;

/// <summary>Load-time checks of the <c>azureQueueStorage</c> kind: each wrong field by path, Azure AD sign-in refused, Argo's example loading.</summary>
public sealed class AzureQueueStorageSpecTests
{
    private static IReadOnlyList<(DiagnosticSeverity, string, string)> Findings(string events) =>
        SpecLoader.Load($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: es}
            spec:
              azureQueueStorage:
            {{events}}
            """).AllDiagnostics.Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Unsupported)
            .Select(d => (d.Severity, d.Path, d.Message)).ToList();

    [Fact]
    public void A_queue_with_a_connection_string_loads_without_findings() =>
        Assert.Empty(Findings("    q: {queueName: q, jsonBody: true, dlq: true, decodeMessage: true, waitTimeInSeconds: 2, connectionString: {name: s, key: k}, metadata: {a: b}}"));

    [Theory]
    [InlineData("q: {connectionString: {name: s, key: k}}", "spec.azureQueueStorage.q.queueName", "required")]
    [InlineData("q: {queueName: q}", "spec.azureQueueStorage.q.connectionString", "required: connectionString, or storageAccountName for Azure AD sign-in")]
    [InlineData("q: {queueName: q, waitTimeInSeconds: -1, connectionString: {name: s, key: k}}", "spec.azureQueueStorage.q.waitTimeInSeconds",
        "-1 must not be negative (0 means Argo's default of 3 seconds)")]
    [InlineData("q: {queueName: q, connectionString: {name: s}}", "spec.azureQueueStorage.q.connectionString.key", null)]
    public void A_wrong_field_is_an_error_at_its_path(string events, string path, string? message)
    {
        var finding = Assert.Single(Findings("    " + events));

        Assert.Equal((DiagnosticSeverity.Error, path), (finding.Item1, finding.Item2));
        if (message is not null)
        {
            Assert.Equal(message, finding.Item3);
        }
    }

    [Fact]
    public void Azure_AD_sign_in_with_storageAccountName_alone_is_refused_at_load()
    {
        var finding = Assert.Single(Findings("    q: {queueName: q, storageAccountName: acct}"));

        Assert.Equal((DiagnosticSeverity.Unsupported, "spec.azureQueueStorage.q.storageAccountName"), (finding.Item1, finding.Item2));
        Assert.Contains("Azure AD credentials is not run here", finding.Item3, StringComparison.Ordinal);
    }

    [Fact]
    public void Argos_example_loads_without_findings()
    {
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.ArgoExamples, "event-sources", "azure-queue-storage.yaml"));

        Assert.DoesNotContain(SpecLoader.Load(yaml).AllDiagnostics, d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Unsupported);
    }
}
