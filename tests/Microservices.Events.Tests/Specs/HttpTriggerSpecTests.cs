using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs;

/// <summary>The http trigger's tls, basicAuth, secureHeaders and dynamicHeaders are validated at load, each error at its field.</summary>
public sealed class HttpTriggerSpecTests
{
    private static SpecFile Load(string http) => SpecLoader.Load($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: s}
        spec:
          dependencies:
            - {name: dep, eventSourceName: webhook, eventName: example}
          triggers:
            - template:
                name: t
                http:
                  url: https://example.test/hook
        {{http}}
        """);

    [Fact]
    public void Every_field_set_correctly_loads_without_findings()
    {
        var file = Load("""
                      tls:
                        caCertSecret: {name: certs, key: ca.crt}
                        clientCertSecret: {name: certs, key: tls.crt}
                        clientKeySecret: {name: certs, key: tls.key}
                        insecureSkipVerify: false
                      basicAuth:
                        username: {name: creds, key: user}
                        password: {name: creds, key: password}
                      secureHeaders:
                        - name: X-Api-Key
                          valueFrom:
                            secretKeyRef: {name: api, key: key}
                        - name: X-Region
                          valueFrom:
                            configMapKeyRef: {name: settings, key: region}
                      dynamicHeaders:
                        - src: {dependencyName: dep, dataKey: body.team}
                          dest: X-Team
            """);

        Assert.Empty(file.AllDiagnostics);
    }

    [Theory]
    [InlineData("          basicAuth: {password: {name: creds}}", "spec.triggers[0].template.http.basicAuth.password.key", "required")]
    [InlineData("          basicAuth: {username: {key: u}}", "spec.triggers[0].template.http.basicAuth.username.name", "required")]
    [InlineData("          tls: {clientCertSecret: {name: c, key: crt}}", "spec.triggers[0].template.http.tls.clientKeySecret", "required: a reference {name, key}")]
    [InlineData("          tls: {caCertSecret: {name: c}}", "spec.triggers[0].template.http.tls.caCertSecret.key", "required")]
    [InlineData("          secureHeaders: [{valueFrom: {secretKeyRef: {name: a, key: k}}}]", "spec.triggers[0].template.http.secureHeaders[0].name", "required")]
    [InlineData("          secureHeaders: [{name: 'Bad Header', valueFrom: {secretKeyRef: {name: a, key: k}}}]", "spec.triggers[0].template.http.secureHeaders[0].name", "\"Bad Header\" is not a valid header name")]
    [InlineData("          secureHeaders: [{name: X-A}]", "spec.triggers[0].template.http.secureHeaders[0].valueFrom", "required: secretKeyRef or configMapKeyRef")]
    [InlineData("          secureHeaders: [{name: X-A, valueFrom: {secretKeyRef: {name: a, key: k}, configMapKeyRef: {name: b, key: k}}}]", "spec.triggers[0].template.http.secureHeaders[0].valueFrom", "only one of secretKeyRef and configMapKeyRef")]
    [InlineData("          secureHeaders: [{name: X-A, valueFrom: {configMapKeyRef: {name: b}}}]", "spec.triggers[0].template.http.secureHeaders[0].valueFrom.configMapKeyRef.key", "required")]
    [InlineData("          dynamicHeaders: [{src: {dependencyName: dep, dataKey: a}}]", "spec.triggers[0].template.http.dynamicHeaders[0].dest", "required")]
    [InlineData("          dynamicHeaders: [{src: {dependencyName: nope, dataKey: a}, dest: X-A}]", "spec.triggers[0].template.http.dynamicHeaders[0].src.dependencyName", "unknown dependency \"nope\"")]
    [InlineData("          dynamicHeaders: [{src: {dependencyName: dep, dataKey: a}, dest: 'X:A'}]", "spec.triggers[0].template.http.dynamicHeaders[0].dest", "\"X:A\" is not a valid header name")]
    public void A_bad_field_is_an_error_at_its_path(string http, string path, string message)
    {
        var error = Assert.Single(Load(http).AllDiagnostics);

        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Argos_secure_headers_example_loads_without_unsupported_fields()
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, "sensors", "http-trigger-secure-headers.yaml");
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, $"CI=true but {path} is missing");
            return;
        }

        var file = SpecLoader.LoadFile(path);

        Assert.DoesNotContain(file.AllDiagnostics, d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Unsupported);
    }
}
