using System.Text.Json.Nodes;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Validation;

namespace Microservices.Events.Tests.Specs;

/// <summary>Which plain-text credentials in a spec draw a warning, at which path; secret references draw none.</summary>
public sealed class PlainSecretScannerTests
{
    [Theory]
    [InlineData("""{"spec":{"triggers":[{"template":{"http":{"headers":{"Authorization":"Bearer abc"}}}}]}}""", "spec.triggers[0].template.http.headers.Authorization", "the Authorization header is a credential in plain text")]
    [InlineData("""{"spec":{"triggers":[{"template":{"kafka":{"headers":{"x-api-key":"k"}}}}]}}""", "spec.triggers[0].template.kafka.headers.x-api-key", "the x-api-key header is a credential in plain text")]
    [InlineData("""{"spec":{"triggers":[{"template":{"http":{"secureHeaders":[{"name":"Authorization","value":"Bearer abc"}]}}}]}}""", "spec.triggers[0].template.http.secureHeaders[0].value", "a secure header's value in plain text")]
    [InlineData("""{"spec":{"amqp":{"example":{"url":"amqp://guest:guest@rabbitmq:5672/"}}}}""", "spec.amqp.example.url", "the URL holds a password in plain text (amqp://guest:…@)")]
    [InlineData("""{"spec":{"triggers":[{"template":{"http":{"url":"https://:tok3n@example.com/hook"}}}]}}""", "spec.triggers[0].template.http.url", "the URL holds a password in plain text (https://:…@)")]
    public void A_credential_in_plain_text_is_a_warning_at_its_path(string document, string path, string message)
    {
        var finding = Assert.Single(PlainSecretScanner.Scan(JsonNode.Parse(document)));

        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.Equal(path, finding.Path);
        Assert.StartsWith(message, finding.Message);
    }

    [Theory]
    [InlineData("""{"spec":{"triggers":[{"template":{"http":{"headers":{"Content-Type":"application/json","X-Team":"a"}}}}]}}""")]
    [InlineData("""{"spec":{"triggers":[{"template":{"http":{"secureHeaders":[{"name":"Authorization","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}]}}}]}}""")]
    [InlineData("""{"spec":{"triggers":[{"template":{"http":{"basicAuth":{"username":{"name":"s","key":"u"},"password":{"name":"s","key":"p"}}}}}]}}""")]
    [InlineData("""{"spec":{"amqp":{"example":{"url":"amqp://rabbitmq:5672/","urlSecret":{"name":"s","key":"url"}}}}}""")]
    [InlineData("""{"spec":{"webhook":{"example":{"endpoint":"/a","url":"http://host:12000/path?x=1@2"}}}}""")]
    [InlineData("""{"metadata":{"annotations":{"Authorization":"not a header map"}}}""")]
    public void Secret_references_and_ordinary_values_draw_no_warning(string document) =>
        Assert.Empty(PlainSecretScanner.Scan(JsonNode.Parse(document)));

    [Fact]
    public void Events_validate_reports_the_warning_with_the_document_path()
    {
        const string yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: s}
            spec:
              dependencies: [{name: d, eventSourceName: e, eventName: n}]
              triggers:
                - template:
                    name: t
                    http:
                      url: https://user:pa55@example.com/
                      method: POST
            """;

        var warnings = SpecLoader.Load(yaml).AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.ToString());

        Assert.Contains("spec.triggers[0].template.http.url: the URL holds a password in plain text (https://user:…@): put the URL or the credentials in a secret", warnings);
    }

    [Fact]
    public void The_Argo_examples_carry_no_plain_text_credential()
    {
        Assert.True(Directory.Exists(RepoPaths.ArgoExamples), $"the Argo examples are missing at {RepoPaths.ArgoExamples}");
        var findings = Directory.EnumerateFiles(RepoPaths.ArgoExamples, "*.y*ml", SearchOption.AllDirectories)
            .SelectMany(f => YamlJson.ParseDocuments(File.ReadAllText(f)).SelectMany(d => PlainSecretScanner.Scan(d)).Select(d => $"{Path.GetFileName(f)}: {d}"))
            .ToList();

        Assert.Empty(findings);
    }
}
