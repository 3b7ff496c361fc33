using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs.TriggerKinds;

/// <summary>Loads a sensor with one trigger of a kind and returns what the loader found about it.</summary>
public static class KindSpecs
{
    /// <param name="template">The template's body (name and kind), unindented.</param>
    /// <param name="extra">Lines of the trigger beside <c>template</c> (e.g. <c>parameters</c>), unindented.</param>
    public static SpecFile Load(string template, string extra = "") => SpecLoader.Load(
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: s}
        spec:
          dependencies:
            - {name: dep, eventSourceName: webhook, eventName: example}
          triggers:
            - template:

        """ + Indent(template, 8) + "\n" + Indent(extra, 6) + "\n");

    public static IReadOnlyList<string> Errors(SpecFile file) =>
        file.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();

    public static IReadOnlyList<string> Unsupported(SpecFile file) =>
        file.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Unsupported).Select(d => d.ToString()).ToList();

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(line => new string(' ', spaces) + line));
}
