using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs;

/// <summary>Data filter templates and parameter templates load without findings; a bad template is left to runtime, as in Argo.</summary>
public sealed class TemplateValidationTests
{
    [Theory]
    [InlineData("{{ b64dec .Input | upper }}", "{{ .Input.name.first }}")]
    [InlineData("{{ no }}", "{{ if }}")]
    public void Templates_load_without_diagnostics_even_when_they_do_not_parse(string filterTemplate, string dataTemplate)
    {
        var file = SpecLoader.Load($$$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: s}
            spec:
              dependencies:
                - name: dep
                  eventSourceName: webhook
                  eventName: example
                  filters:
                    data: [{path: k, type: string, value: [v], template: '{{{filterTemplate}}}'}]
              triggers:
                - template:
                    name: t
                    http:
                      url: http://sink
                      payload:
                        - src: {dependencyName: dep, dataTemplate: '{{{dataTemplate}}}', contextTemplate: '{{ .Input.subject }}'}
                          dest: name
            """);

        Assert.Empty(file.AllDiagnostics);
    }
}
