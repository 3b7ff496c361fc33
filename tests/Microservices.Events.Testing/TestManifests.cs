using System.Text;

namespace Microservices.Events.Testing;

/// <summary>
/// Argo manifests for the multi-process tests and the bench: webhook event sources, and sensors whose HTTP triggers
/// send raw event data to a sink (retried 5 times, 200 ms apart).
/// </summary>
public static class TestManifests
{
    /// <summary>An EventSource with one POST webhook per event name, at <c>/&lt;event&gt;</c> on <paramref name="port"/>.</summary>
    public static string WebhookSource(string name, string port, params string[] events)
    {
        var yaml = new StringBuilder($"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata:
              name: {name}
            spec:
              webhook:

            """);
        foreach (var @event in events)
        {
            yaml.Append($"    {@event}: {{port: \"{port}\", endpoint: /{@event}, method: POST}}\n");
        }

        return yaml.ToString();
    }

    /// <summary>A Sensor with its dependencies and HTTP triggers.</summary>
    public static string Sensor(string name, IReadOnlyList<Dependency> dependencies, params HttpTrigger[] triggers)
    {
        var yaml = new StringBuilder($"""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata:
              name: {name}
            spec:
              dependencies:

            """);
        foreach (var d in dependencies)
        {
            yaml.Append($"    - {{name: {d.Name}, eventSourceName: {d.Source}, eventName: {d.Event}}}\n");
        }

        yaml.Append("  triggers:\n");
        foreach (var t in triggers)
        {
            yaml.Append($"    - template:\n        name: {t.Name}\n");
            if (t.Conditions is not null)
            {
                yaml.Append($"        conditions: \"{t.Conditions}\"\n");
            }

            yaml.Append($"        http:\n          url: {t.Url}\n          payload:\n");
            foreach (var p in t.Payload)
            {
                yaml.Append($"            - src: {{dependencyName: {p.Dependency}, dataKey: {p.DataKey}, useRawData: true}}\n              dest: {p.Dest}\n");
            }

            yaml.Append("      retryStrategy: {steps: 5, duration: 200ms}\n");
        }

        return yaml.ToString();
    }

    /// <summary>Several manifests in one YAML file.</summary>
    public static string Documents(params string[] manifests) => string.Join("---\n", manifests);

    /// <summary>A sensor dependency on event <see cref="Event"/> of event source <see cref="Source"/>.</summary>
    public sealed record Dependency(string Name, string Source, string Event);

    /// <summary>One field of an HTTP trigger's body: <see cref="Dest"/> gets the raw value at <see cref="DataKey"/> of the dependency's event data.</summary>
    public sealed record Field(string Dependency, string DataKey, string Dest);

    /// <summary>An HTTP trigger calling <see cref="Url"/> when <see cref="Conditions"/> hold (every dependency when null).</summary>
    public sealed record HttpTrigger(string Name, string? Conditions, string Url, IReadOnlyList<Field> Payload);
}
