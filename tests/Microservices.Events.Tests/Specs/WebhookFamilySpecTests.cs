using Microservices.Events.Specs.Loading;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Specs;

/// <summary>The webhook-family kinds that run: Argo's examples of them load clean, and bad settings are errors at their path.</summary>
public sealed class WebhookFamilySpecTests
{
    [Theory]
    [InlineData("event-sources/calendar.yaml", "calendar", null)]
    [InlineData("event-sources/github.yaml", "github", null)]
    [InlineData("event-sources/gitlab.yaml", "gitlab", null)]
    [InlineData("event-sources/slack.yaml", "slack", null)]
    [InlineData("event-sources/stripe.yaml", "stripe", "spec.stripe.example.createWebhook")]
    [InlineData("event-sources/aws-sns.yaml", "sns", "spec.sns.example.topicArn")]
    [InlineData("event-sources/bitbucket.yaml", "bitbucket", "spec.bitbucket.example.auth")]
    [InlineData("event-sources/bitbucketserver.yaml", "bitbucketserver", null)]
    public void The_Argo_example_of_a_running_kind_loads_without_errors(string relativePath, string kind, string? onlyFinding)
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, relativePath);
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, $"CI=true but {path} is missing");
            return;
        }

        var file = SpecLoader.LoadFile(path);

        var source = Assert.Single(file.Documents).EventSource;
        Assert.NotNull(source);
        Assert.DoesNotContain(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var findings = file.AllDiagnostics.Where(d => d.Path.StartsWith($"spec.{kind}", StringComparison.Ordinal) || d.Severity == DiagnosticSeverity.Unsupported).Select(d => d.Path).ToList();
        Assert.Equal(onlyFinding is null ? [] : [onlyFinding], findings);
    }

    [Theory]
    [InlineData("webhook: {port: \"12000\", method: POST}", "spec.github.push.webhook.endpoint", "required")]
    [InlineData("webhook: {endpoint: /push, port: \"12000\", method: POST}\n      organizations: [argoproj]", "spec.github.push.organizations", "only one of repositories and organizations")]
    [InlineData("webhook: {endpoint: /push, port: \"12000\", method: POST}\n      contentType: xml", "spec.github.push.contentType", "must be \"json\" or \"form\"")]
    [InlineData("webhook: {endpoint: /push, port: \"12000\", method: POST}\n      githubBaseURL: https://ghe.example.com/api/v3/", "spec.github.push.githubUploadURL", "required when githubBaseURL is set")]
    [InlineData("webhook: {endpoint: /push, port: \"12000\", method: POST, url: https://events.example.com}\n      apiToken: {name: gh, key: token}", "spec.github.push.events", "events must be defined")]
    [InlineData("webhook: {endpoint: /push, port: \"12000\", method: POST}\n      githubApp: {privateKey: {name: gh, key: pem}, appID: 1}", "spec.github.push.githubApp.installationID", "required")]
    public void A_bad_github_setting_is_an_error_at_its_path(string settings, string path, string message)
    {
        var yaml = $"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {"{"}name: gh{"}"}
            spec:
              github:
                push:
                  repositories: [{"{"}owner: argoproj, names: [argo-events]{"}"}]
                  {settings}
            """;

        var file = SpecLoader.Load(yaml);

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Path == path && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("events: [PushEvents, Pushes]", "spec.gitlab.push.events[1]", "unknown event \"Pushes\"")]
    [InlineData("events: [PushEvents]\n      projects: []", "spec.gitlab.push.projects", "either projects or groups is required")]
    [InlineData("webhook: {endpoint: /gl, port: \"12000\", method: POST, url: \"https://events.example.com\"}\n      accessToken: {name: gl, key: token}", "spec.gitlab.push.events", "events must be defined")]
    public void A_bad_gitlab_setting_is_an_error_at_its_path(string settings, string path, string message)
    {
        var projects = settings.Contains("projects:", StringComparison.Ordinal) ? "" : "projects: [\"3\"]";
        var webhook = settings.Contains("webhook:", StringComparison.Ordinal) ? "" : "webhook: {endpoint: /gl, port: \"12000\", method: POST}";
        var yaml = $"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {"{"}name: gl{"}"}
            spec:
              gitlab:
                push:
                  {projects}
                  {webhook}
                  {settings}
            """;

        var file = SpecLoader.Load(yaml);

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Path == path && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_github_route_on_a_port_and_endpoint_a_webhook_already_has_is_an_error()
    {
        var file = SpecLoader.Load("""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: clash}
            spec:
              webhook:
                hook: {endpoint: /push, port: "12000", method: POST}
              github:
                push:
                  repositories: [{owner: argoproj, names: [argo-events]}]
                  webhook: {endpoint: /push, port: "12000", method: POST}
            """);

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Path == "spec.github.push.webhook.endpoint" && d.Message.Contains("already has a route"));
    }

    [Fact]
    public void A_catchup_max_duration_that_is_not_a_duration_is_an_error_at_its_path()
    {
        var file = SpecLoader.Load("""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: clock}
            spec:
              calendar:
                tick:
                  interval: 1m
                  persistence: {catchup: {enabled: true, maxDuration: soon}}
            """);

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Path == "spec.calendar.tick.persistence.catchup.maxDuration");
    }
}
