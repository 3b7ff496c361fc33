using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Files;

/// <summary>
/// The <c>file</c> kind: per event, watches <c>watchPathConfig.directory</c> and sends an event for each operation
/// named by <c>eventType</c> on the file at <c>path</c> (relative) or matching <c>pathRegexp</c>, with Argo's data
/// <c>{name, op, metadata}</c> (<c>op</c> the fsnotify number; <c>name</c> the full path, the base name with
/// <c>polling</c> as in Argo). An event the bus refuses is sent again until accepted (later operations wait in memory).
/// A directory that does not exist (yet) is looked for again with backoff while /health is Degraded. Operations while
/// ingress is not running are not seen, as in Argo. The id is derived from the path, the operation and the file's last
/// write time (the time it was seen for a file that is gone), so repeated notifications of one write are published once.
/// </summary>
public sealed class FileSource(EdgeServices services, TimeProvider time, ILogger<FileSource> logger) : ConsumerSourceKind<FileEventSource>(services, logger)
{
    public const string Name = "file";

    public override string Kind => Name;

    protected override IReadOnlyDictionary<string, FileEventSource>? EventsOf(EventSourceSpec spec) => spec.File;

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, FileEventSource spec, CancellationToken cancellationToken)
    {
        var watch = spec.WatchPathConfig!;
        var directory = watch.Directory!;
        var wanted = FileOperations.Parse(spec.EventType);
        var pathRegexp = string.IsNullOrEmpty(watch.PathRegexp) ? null : new Regex(watch.PathRegexp, RegexOptions.None, TimeSpan.FromSeconds(1));
        var polling = spec.Polling == true;
        using var files = FileWatch.Start(directory, polling, time);
        listener.MarkConnected();
        await foreach (var change in files.Changes(cancellationToken))
        {
            var name = polling ? Path.GetFileName(change.Path) : change.Path;
            if (change.Operation != wanted || !FileChanges.Matches(polling ? "" : directory, name, watch.Path, pathRegexp))
            {
                continue;
            }

            var seen = FileState.Of(change.Path)?.LastWriteUtc ?? time.GetUtcNow().UtcDateTime;
            var id = listener.IdFor(change.Path, FileOperations.Name(change.Operation), seen.Ticks.ToString(CultureInfo.InvariantCulture));
            await listener.DeliverUntilAcceptedAsync(Data(name, change.Operation, spec.Metadata), id, spec.Filter?.Expression, cancellationToken);
        }
    }

    /// <summary>Argo's file event data: <c>{name, op, metadata}</c>, <c>metadata</c> null when not given.</summary>
    public static JsonElement Data(string name, FileOperation operation, IReadOnlyDictionary<string, string>? metadata) =>
        JsonSerializer.SerializeToElement(new JsonObject
        {
            ["name"] = name,
            ["op"] = (int)operation,
            ["metadata"] = metadata is null ? null : new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
        });
}
