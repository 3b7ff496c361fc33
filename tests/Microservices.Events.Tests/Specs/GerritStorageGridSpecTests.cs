using Microservices.Events.Specs.Loading;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Specs;

/// <summary>The gerrit and storageGrid kinds at load: Argo's examples run, wrong fields are named by path.</summary>
public sealed class GerritStorageGridSpecTests
{
    private static SpecFile Load(string kindYaml) => SpecLoader.Load($"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {"{"}name: es{"}"}
        spec:
        {kindYaml}
        """);

    private static string[] Errors(SpecFile file) =>
        file.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();

    [Theory]
    [InlineData("gerrit.yaml")]
    [InlineData("storage-grid.yaml")]
    public void The_Argo_example_loads_without_errors_or_unsupported_fields(string example)
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, "event-sources", example);
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, $"CI=true but {path} is missing");
            return;
        }

        var file = SpecLoader.LoadFile(path);

        Assert.DoesNotContain(file.AllDiagnostics, d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Unsupported);
        Assert.NotNull(Assert.Single(file.Documents).EventSource);
    }

    [Fact]
    public void A_storagegrid_event_warns_that_the_bucket_notification_is_configured_by_hand()
    {
        var file = Load("""
              storageGrid:
                s: {webhook: {endpoint: /, port: "8080", method: POST}, topicArn: arn, bucket: photos, apiURL: "http://api", authToken: {name: s, key: k}}
            """);

        Assert.Empty(Errors(file));
        var warning = Assert.Single(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Path == "spec.storageGrid.s");
        Assert.Contains("bucket \"photos\"", warning.Message);
        Assert.Contains("by hand", warning.Message);
    }

    [Fact]
    public void Wrong_storagegrid_fields_are_named_by_path() =>
        Assert.Equal(
            ["spec.storageGrid.s.topicArn: required", "spec.storageGrid.s.bucket: required", "spec.storageGrid.s.apiURL: required", "spec.storageGrid.s.authToken: required: a secret reference {name, key}"],
            Errors(Load("""
                  storageGrid:
                    s: {webhook: {endpoint: /, port: "8080", method: POST}}
                """)));

    [Fact]
    public void Wrong_gerrit_fields_are_named_by_path() =>
        Assert.Equal(
            ["spec.gerrit.g.hookName: required", "spec.gerrit.g.gerritBaseURL: \"gerrit\" is not an absolute http(s) URL", "spec.gerrit.g.events: required: at least one event, e.g. patchset-created", "spec.gerrit.g.projects: required: at least one project", "spec.gerrit.g.auth.password: required: a secret reference {name, key}"],
            Errors(Load("""
                  gerrit:
                    g: {webhook: {endpoint: /push, port: "13000", method: POST}, gerritBaseURL: gerrit, auth: {username: {name: a, key: u}}}
                """)));
}
