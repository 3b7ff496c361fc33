using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs;

/// <summary>What loading reports about expressions: event-source filters must parse; dependency exprs load as in Argo.</summary>
public sealed class ExpressionValidationTests
{
    private static SpecFile EventSource(string expression) => SpecLoader.Load($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata:
          name: hooks
        spec:
          webhook:
            example:
              port: "12000"
              endpoint: /example
              method: POST
              filter:
                expression: {{System.Text.Json.JsonSerializer.Serialize(expression)}}
        """);

    private static SpecFile Sensor(string expr) => SpecLoader.Load($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata:
          name: s
        spec:
          dependencies:
            - name: dep
              eventSourceName: hooks
              eventName: example
              filters:
                exprs:
                  - expr: {{System.Text.Json.JsonSerializer.Serialize(expr)}}
                    fields:
                      - {name: k, path: body.k}
          triggers:
            - template:
                name: t
                log: {}
        """);

    [Theory]
    [InlineData("(body.id == 4) && (body.name != 'Joe')")]
    [InlineData("invalidexpression")]
    [InlineData("asInt(body.n) > 2 and toJson(body) != ''")]
    public void An_event_source_filter_that_parses_loads_without_findings(string expression) =>
        Assert.Empty(EventSource(expression).AllDiagnostics);

    [Fact]
    public void An_event_source_filter_that_does_not_parse_is_a_load_error_at_its_path()
    {
        var error = Assert.Single(EventSource("body.id ==").AllDiagnostics);

        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("spec.webhook.example.filter.expression", error.Path);
        Assert.StartsWith("does not parse: unexpected end of expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_source_filter_calling_sprig_is_reported_as_unsupported()
    {
        var finding = Assert.Single(EventSource("sprig.upper(body.name) == 'A'").AllDiagnostics);

        Assert.Equal(DiagnosticSeverity.Unsupported, finding.Severity);
        Assert.Contains("\"sprig.upper\" is not supported", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dependency_exprs_load_without_findings() => Assert.Empty(Sensor("k == \"v\" || k =~ '^x'").AllDiagnostics);

    [Fact]
    public void A_dependency_expr_that_does_not_parse_loads_with_a_warning_as_Argo_only_fails_it_at_run_time()
    {
        var file = Sensor("k !== \"x\"");

        var warning = Assert.Single(file.AllDiagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("spec.dependencies[0].filters.exprs[0].expr", warning.Path);
        Assert.Contains("invalid token '!=='", warning.Message, StringComparison.Ordinal);
        Assert.False(file.HasErrors);
    }
}
