using System.Text.Json.Nodes;
using Microservices.Events.Semantics.Paths;
using Microservices.Events.Semantics.Simulation;
using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Cli;

/// <summary>
/// <c>events simulate</c>: feeds a JSON-lines file of CloudEvents through a sensor and prints one JSON object per
/// firing. Exit codes: 0 done, 2 the sensor or the events file cannot be used.
/// </summary>
public static class SensorSimulation
{
    public static async Task<int> RunAsync(FileInfo sensorFile, FileInfo eventsFile, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (!sensorFile.Exists)
        {
            await errors.WriteLineAsync($"error: sensor file {sensorFile.FullName} does not exist");
            return 2;
        }

        var loaded = SpecLoader.LoadFile(sensorFile.FullName);
        foreach (var diagnostic in loaded.AllDiagnostics.Where(d => d.Severity != DiagnosticSeverity.Error))
        {
            await errors.WriteLineAsync($"{(diagnostic.Severity == DiagnosticSeverity.Warning ? "warning" : "not supported")}: {diagnostic}");
        }

        if (loaded.HasErrors)
        {
            foreach (var diagnostic in loaded.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                await errors.WriteLineAsync($"error: {diagnostic}");
            }

            return 2;
        }

        var sensors = loaded.Documents.Where(d => d.Sensor is not null).Select(d => d.Sensor!).ToList();
        if (sensors.Count != 1)
        {
            await errors.WriteLineAsync($"error: {sensorFile.Name} holds {sensors.Count} sensors; simulate takes a file with exactly one");
            return 2;
        }

        if (!eventsFile.Exists)
        {
            await errors.WriteLineAsync($"error: events file {eventsFile.FullName} does not exist");
            return 2;
        }

        var simulator = new SensorSimulator(sensors[0]);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(eventsFile.FullName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Contracts.EventEnvelope @event;
            try
            {
                @event = CloudEventJson.Parse(line);
            }
            catch (FormatException ex)
            {
                await errors.WriteLineAsync($"{eventsFile.Name}:{lineNumber}: skipped: {ex.Message}");
                continue;
            }

            var (firings, filterErrors) = simulator.Feed(@event);
            foreach (var error in filterErrors)
            {
                await errors.WriteLineAsync($"{eventsFile.Name}:{lineNumber}: {error}");
            }

            foreach (var firing in firings)
            {
                if (firing.Error is not null)
                {
                    await errors.WriteLineAsync($"{eventsFile.Name}:{lineNumber}: trigger {firing.Trigger}: {firing.Error}");
                }

                await output.WriteLineAsync(Render(firing).ToJsonString(JsonText.Options));
            }
        }

        await output.FlushAsync(cancellationToken);
        return 0;
    }

    public static JsonObject Render(SimulatedFiring firing)
    {
        var resolved = new JsonObject();
        if (firing.Resolved is { } r)
        {
            resolved["template"] = r.Template.DeepClone();
            if (r.Payload is not null)
            {
                resolved["payload"] = r.Payload.ToNode();
            }

            if (r.Resource is not null)
            {
                resolved["resource"] = r.Resource.DeepClone();
            }
        }
        else
        {
            resolved["error"] = firing.Error;
        }

        return new JsonObject
        {
            ["trigger"] = firing.Trigger,
            ["events"] = new JsonObject(firing.Events.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value.Id)))),
            ["resolved"] = resolved,
        };
    }
}
