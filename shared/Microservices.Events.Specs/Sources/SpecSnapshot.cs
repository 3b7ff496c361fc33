using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Sources;

/// <summary>The specs in force at one moment: every loaded file, and the runnable EventSources and Sensors among them.</summary>
public sealed class SpecSnapshot
{
    public static readonly SpecSnapshot Empty = new([], 0);

    public SpecSnapshot(IReadOnlyList<SpecFile> files, long version)
    {
        Files = files;
        Version = version;
        var eventSources = new Dictionary<string, EventSource>(StringComparer.Ordinal);
        var sensors = new Dictionary<string, Sensor>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        foreach (var doc in files.SelectMany(f => f.Documents).Where(d => !d.HasErrors))
        {
            if (doc.EventSource is { } es && !eventSources.TryAdd(es.Name, es))
            {
                conflicts.Add($"{doc.File}: EventSource \"{es.Name}\" is defined more than once; the first definition is used");
            }

            if (doc.Sensor is { } sensor && !sensors.TryAdd(sensor.Name, sensor))
            {
                conflicts.Add($"{doc.File}: Sensor \"{sensor.Name}\" is defined more than once; the first definition is used");
            }
        }

        EventSources = eventSources.Values.ToList();
        Sensors = sensors.Values.ToList();
        Conflicts = conflicts;
    }

    public IReadOnlyList<SpecFile> Files { get; }

    /// <summary>Increases with every reload.</summary>
    public long Version { get; }

    public IReadOnlyList<EventSource> EventSources { get; }

    public IReadOnlyList<Sensor> Sensors { get; }

    public IReadOnlyList<string> Conflicts { get; }

    public static SpecSnapshot FromYaml(params string[] documents) =>
        new(documents.Select((yaml, i) => SpecLoader.Load(yaml, $"<inline-{i}>")).ToList(), 1);
}
