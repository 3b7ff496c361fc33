using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources;

/// <summary>
/// How many events of each EventSource run (Argo's <c>argo_events_event_service_running_total</c>): the events of the
/// kinds this service runs whose spec has no error, of the kinds that applied the snapshot. An EventSource with
/// none running is reported with 0, as Argo does for a configured source.
/// </summary>
public static class RunningEvents
{
    /// <param name="sources">The EventSources of the snapshot.</param>
    /// <param name="applied">The kinds (spec keys) that applied the snapshot.</param>
    /// <param name="problems">The error diagnostics per EventSource name (paths such as <c>spec.webhook.example.port</c>).</param>
    public static IReadOnlyDictionary<string, int> Count(IEnumerable<EventSource> sources, IReadOnlySet<string> applied, IReadOnlyDictionary<string, IReadOnlyList<SpecDiagnostic>> problems)
    {
        var running = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var errors = problems.TryGetValue(source.Name, out var found) ? found : [];
            var count = 0;
            foreach (var (kind, events) in source.Spec.DeclaredEvents())
            {
                if (!applied.Contains(kind))
                {
                    continue;
                }

                count += events.Count(e => !errors.Any(d => d.Severity == DiagnosticSeverity.Error && Names(d.Path, kind, e)));
            }

            running[source.Name] = running.GetValueOrDefault(source.Name) + count;
        }

        return running;
    }

    private static bool Names(string path, string kind, string eventName)
    {
        var prefix = $"spec.{kind}.{eventName}";
        return path.Length == prefix.Length ? path == prefix
            : path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] is '.' or '[';
    }
}
