using Microservices.Events.Specs.Loading;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Specs;

/// <summary>Webhook TLS (serverCertSecret + serverKeySecret) loads as a running setting; incomplete settings are errors at their path.</summary>
public sealed class WebhookTlsSpecTests
{
    [Theory]
    [InlineData("webhook", "example", "serverCertSecret: {name: tls, key: crt}", "spec.webhook.example.serverKeySecret", "required with serverCertSecret")]
    [InlineData("webhook", "example", "serverKeySecret: {name: tls, key: key}", "spec.webhook.example.serverCertSecret", "required with serverKeySecret")]
    [InlineData("webhook", "example", "serverCertSecret: {name: tls}, serverKeySecret: {name: tls, key: key}", "spec.webhook.example.serverCertSecret.key", "required")]
    [InlineData("webhook", "example", "serverCertSecret: {name: tls, key: crt}, serverKeySecret: {key: key}", "spec.webhook.example.serverKeySecret.name", "required")]
    [InlineData("slack", "chat", "serverCertSecret: {name: tls, key: crt}", "spec.slack.chat.webhook.serverKeySecret", "required with serverCertSecret")]
    [InlineData("cloudevents", "ce", "serverKeySecret: {name: tls, key: key}", "spec.cloudevents.ce.webhook.serverCertSecret", "required with serverKeySecret")]
    public void An_incomplete_tls_setting_is_an_error_at_its_path(string kind, string name, string tls, string path, string message)
    {
        var file = SpecLoader.Load(Source(kind, name, tls));

        var error = Assert.Single(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("webhook", "example")]
    [InlineData("slack", "chat")]
    [InlineData("stripe", "pay")]
    [InlineData("cloudevents", "ce")]
    public void A_certificate_with_its_key_loads_with_no_finding(string kind, string name)
    {
        var file = SpecLoader.Load(Source(kind, name, "serverCertSecret: {name: tls, key: crt}, serverKeySecret: {name: tls, key: key}"));

        Assert.DoesNotContain(file.AllDiagnostics, d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Unsupported);
    }

    [Fact]
    public void Routes_of_one_event_source_that_disagree_on_tls_for_a_port_are_an_error_naming_both()
    {
        var file = SpecLoader.Load("""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: mixed}
            spec:
              webhook:
                secure: {endpoint: /secure, port: "12000", method: POST, serverCertSecret: {name: tls, key: crt}, serverKeySecret: {name: tls, key: key}}
                other: {endpoint: /other, port: "12001", method: POST}
              slack:
                chat:
                  webhook: {endpoint: /slack, port: "12000", method: POST}
                  signingSecret: {name: slack, key: signing}
            """);

        var error = Assert.Single(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("spec.slack.chat.webhook.serverCertSecret", error.Path);
        Assert.Equal("port 12000 is served with HTTPS (serverCertSecret \"tls/crt\", serverKeySecret \"tls/key\") by spec.webhook.secure, but this route asks for plain HTTP; routes on one port must agree on TLS", error.Message);
    }

    [Theory]
    [InlineData("event-sources/webhook.yaml")]
    [InlineData("event-sources/slack.yaml")]
    [InlineData("event-sources/github.yaml")]
    [InlineData("event-sources/gitlab.yaml")]
    [InlineData("event-sources/aws-sns.yaml")]
    public void The_Argo_examples_with_server_certificates_load_without_a_tls_finding(string relativePath)
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, relativePath);
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, $"CI=true but {path} is missing");
            return;
        }

        var file = SpecLoader.LoadFile(path);

        Assert.DoesNotContain(file.AllDiagnostics, d => d.Path.Contains("serverCert", StringComparison.Ordinal) || d.Path.Contains("serverKey", StringComparison.Ordinal) || d.Message.Contains("TLS", StringComparison.Ordinal));
    }

    private static string Source(string kind, string name, string tls)
    {
        var webhook = $"{{endpoint: /hook, port: \"12000\", method: POST, {tls}}}";
        var body = kind switch
        {
            "webhook" => $"{webhook}",
            "slack" => $"{{webhook: {webhook}, signingSecret: {{name: slack, key: signing}}}}",
            "stripe" => $"{{webhook: {webhook}}}",
            _ => $"{{webhook: {webhook}}}",
        };
        return $"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {"{"}name: tls{"}"}
            spec:
              {kind}:
                {name}: {body}
            """;
    }
}
