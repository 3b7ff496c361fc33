using System.Text.Json.Nodes;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Kubernetes.Specs;

/// <summary>
/// Specs from <c>argoproj.io/v1alpha1</c> EventSource and Sensor custom resources: per kind, and per namespace of
/// <c>Specs:Namespaces</c> (or cluster-wide), a list and then a watch from the list's resourceVersion, with bookmarks,
/// opened again from the resourceVersion reached when the server ends it, listed again when that is too old (410
/// Gone), and retried with backoff when the API server cannot be reached (the specs in force stay). Each resource is
/// loaded as a one-document file (<see cref="SpecLoader.LoadObject"/>) named <c>{plural}/{namespace}/{name}</c>; an
/// invalid one is reported and left out, the others run; one that cannot be applied at all (a malformed object) is
/// logged and left out, and the list or watch goes on past it. A change of a resource's spec document (not of its status,
/// see <see cref="CustomResourceDocument"/>) publishes a new snapshot after <c>Specs:ReloadDebounceMilliseconds</c>;
/// every change of a resource, its status included, raises <see cref="ResourcesChanged"/>.
/// </summary>
public sealed class KubernetesSpecCatalog : ISpecCatalog, IDisposable
{
    public const string Group = "argoproj.io";
    public const string Version = "v1alpha1";

    /// <summary>The kinds read, with their URL plural.</summary>
    public static readonly IReadOnlyList<(string Kind, string Plural)> Kinds = [("EventSource", "eventsources"), ("Sensor", "sensors")];

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly SpecsOptions _options;
    private readonly ResourceWatchClient _client;
    private readonly ILogger<KubernetesSpecCatalog> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreported = new(StringComparer.Ordinal);
    private readonly Timer _debounce;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _watches = [];
    private readonly Dictionary<string, WatchState> _watchStates = new(StringComparer.Ordinal);
    private SpecSnapshot _current = SpecSnapshot.Empty;
    private IReadOnlyList<PublishedSpec> _published = [];
    private bool _dirty = true;
    private int _disposed;

    public KubernetesSpecCatalog(IOptions<SpecsOptions> options, ResourceWatchClient client, ILogger<KubernetesSpecCatalog> logger)
    {
        _options = options.Value;
        _client = client;
        _logger = logger;
        _debounce = new Timer(_ => Publish(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public SpecSnapshot Current => _current;

    /// <summary>The resources of <see cref="Current"/>, in its order.</summary>
    public IReadOnlyList<PublishedSpec> Published => _published;

    public event Action<SpecSnapshot>? Changed;

    /// <summary>A resource was added, changed (its status too) or deleted; raised on the watch's thread, keep it short.</summary>
    public event Action? ResourcesChanged;

    /// <summary>The latest copy of a resource the watches have seen (with its status and resourceVersion), or null once it is gone.</summary>
    public JsonObject? Latest(string key)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(key, out var entry) ? entry.Resource : null;
        }
    }

    /// <summary>Per collection watched (<c>eventsources in namespace argo</c>, …): whether it was listed once, and the last error while it fails.</summary>
    public IReadOnlyList<WatchState> WatchStates
    {
        get
        {
            lock (_gate)
            {
                return [.. _watchStates.Values.OrderBy(w => w.Collection, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>
    /// Starts the watches and waits until each has listed once (or <paramref name="firstListTimeout"/> has passed), then
    /// publishes what was listed so that the services start with it.
    /// </summary>
    public async Task StartAsync(TimeSpan firstListTimeout, CancellationToken cancellationToken)
    {
        var listed = new List<Task>();
        IReadOnlyList<string?> namespaces = _options.Namespaces.Count == 0 ? [null] : [.. _options.Namespaces];
        foreach (var (kind, plural) in Kinds)
        {
            foreach (var ns in namespaces)
            {
                var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                listed.Add(first.Task);
                _watches.Add(Task.Run(() => WatchAsync(kind, plural, ns, first, _stopping.Token), CancellationToken.None));
            }
        }

        var all = Task.WhenAll(listed);
        if (await Task.WhenAny(all, Task.Delay(firstListTimeout, cancellationToken)) != all)
        {
            _logger.LogWarning("Not every EventSource and Sensor collection could be listed within {Timeout}; the services start with what was listed and take the rest when it comes", firstListTimeout);
        }

        Publish();
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_watches);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Stops the watches; a second call (the catalog is registered as itself and as the spec catalog) does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        _debounce.Dispose();
        _stopping.Dispose();
    }

    private async Task WatchAsync(string kind, string plural, string? ns, TaskCompletionSource firstList, CancellationToken ct)
    {
        var where = ns is null ? "every namespace" : $"namespace {ns}";
        var name = $"{plural} in {where}";
        SetState(name, listed: false, error: null);
        var collection = ns is null ? $"apis/{Group}/{Version}/{plural}" : $"apis/{Group}/{Version}/namespaces/{Uri.EscapeDataString(ns)}/{plural}";
        var period = TimeSpan.FromSeconds(_options.WatchTimeoutSeconds);
        var backoff = TimeSpan.FromSeconds(1);
        string? version = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (version is null)
                {
                    var (items, listed) = await _client.ListAsync(collection, _options.LabelSelector, ct);
                    ReplaceAll(kind, plural, ns, items);
                    version = listed;
                    SetState(name, listed: true, error: null);
                    firstList.TrySetResult();
                    _logger.LogInformation("Listed {Count} {Plural} in {Where} at resourceVersion {ResourceVersion}", items.Count, plural, where, version);
                }

                await foreach (var line in _client.WatchAsync(collection, _options.LabelSelector, version, () =>
                {
                    backoff = TimeSpan.FromSeconds(1);
                    SetState(name, listed: true, error: null);
                }, ct, period))
                {
                    if (line.Type is "ADDED" or "MODIFIED" or "DELETED")
                    {
                        Apply(kind, plural, line.Type, line.Object);
                    }

                    if (line.Object["metadata"] is JsonObject metadata && metadata["resourceVersion"] is JsonValue value
                        && value.TryGetValue<string>(out var reached) && reached.Length > 0)
                    {
                        version = reached;
                    }
                }
            }
            catch (WatchExpiredException ex)
            {
                _logger.LogInformation("The watch of {Plural} in {Where} expired ({Reason}); listing again", plural, where, ex.Message);
                version = null;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The API server unreachable, a refusal (RBAC, no CRD), a broken stream: the specs in force stay; retry.
                _logger.LogError("Cannot {What} {Plural} in {Where} ({Error}); retrying in {Backoff}", version is null ? "list" : "watch", plural, where, ex.Message, backoff);
                SetState(name, listed: null, error: $"cannot {(version is null ? "list" : "watch")}: {ex.Message}");
                firstList.TrySetResult();
                try
                {
                    await Task.Delay(backoff, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    private void SetState(string collection, bool? listed, string? error)
    {
        lock (_gate)
        {
            var before = _watchStates.GetValueOrDefault(collection);
            _watchStates[collection] = new WatchState(collection, listed ?? before?.Listed ?? false, error);
        }
    }

    /// <summary>After a list: the listed resources of this kind and namespace replace the ones known.</summary>
    private void ReplaceAll(string kind, string plural, string? ns, IReadOnlyList<JsonObject> items)
    {
        var prefix = ns is null ? $"{plural}/" : $"{plural}/{ns}/";
        var listed = items.Select(i => Apply(kind, plural, "ADDED", i)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        List<string> gone;
        lock (_gate)
        {
            gone = _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !listed.Contains(k)).ToList();
        }

        foreach (var key in gone)
        {
            Remove(key);
        }
    }

    /// <summary>
    /// One object of a list or a watch event, applied on its own and returning its key: one that cannot be applied (a
    /// malformed object) is logged and left out, so the list or watch goes on past it instead of failing and being
    /// opened again from before it, forever.
    /// </summary>
    private string? Apply(string kind, string plural, string type, JsonObject resource)
    {
        try
        {
            var key = CustomResourceDocument.Key(plural, resource);
            if (type == "DELETED")
            {
                Remove(key);
            }
            else
            {
                Upsert(kind, plural, key, resource);
            }

            return key;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A {Kind} ({Metadata}) cannot be applied and is left out", kind, Describe(resource));
            return null;
        }
    }

    /// <summary>What a log line can say of an object that could not be applied: its namespace, name and resourceVersion as sent.</summary>
    private static string Describe(JsonObject resource)
    {
        try
        {
            var metadata = resource["metadata"];
            return $"namespace {metadata?["namespace"]?.ToJsonString()}, name {metadata?["name"]?.ToJsonString()}, resourceVersion {metadata?["resourceVersion"]?.ToJsonString()}";
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            return "metadata unreadable";
        }
    }

    private void Upsert(string kind, string plural, string key, JsonObject resource)
    {
        var document = CustomResourceDocument.Of(resource);
        bool reload;
        lock (_gate)
        {
            var known = _entries.TryGetValue(key, out var before);
            reload = !known || !JsonNode.DeepEquals(before!.Document, document);
            var file = reload ? SpecLoader.LoadObject(document, key) : before!.File;
            _entries[key] = new Entry(kind, plural, (JsonObject)resource.DeepClone(), document, file);
            if (reload)
            {
                _unreported.Add(key);
                _dirty = true;
            }
        }

        if (reload)
        {
            _debounce.Change(_options.ReloadDebounceMilliseconds, Timeout.Infinite);
        }

        RaiseResourcesChanged();
    }

    private void Remove(string key)
    {
        bool removed;
        lock (_gate)
        {
            removed = _entries.Remove(key);
            _dirty |= removed;
        }

        if (removed)
        {
            _logger.LogInformation("{Key} was deleted", key);
            _debounce.Change(_options.ReloadDebounceMilliseconds, Timeout.Infinite);
            RaiseResourcesChanged();
        }
    }

    private void Publish()
    {
        SpecSnapshot next;
        List<SpecFile> changed;
        lock (_gate)
        {
            if (!_dirty)
            {
                return;
            }

            _dirty = false;
            var entries = _entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
            next = new SpecSnapshot(entries.Select(e => e.Value.File).ToList(), _current.Version + 1);
            _published = entries.Select(e => new PublishedSpec(
                e.Key, e.Value.Kind, e.Value.Plural,
                e.Value.Resource["metadata"]?["namespace"]?.GetValue<string>() ?? "",
                e.Value.Resource["metadata"]?["name"]?.GetValue<string>() ?? "",
                e.Value.Document["metadata"]?["generation"] is JsonValue g && g.TryGetValue<long>(out var generation) ? generation : null,
                e.Value.File)).ToList();
            changed = entries.Where(e => _unreported.Contains(e.Key)).Select(e => e.Value.File).ToList();
            _unreported.Clear();
            _current = next;
        }

        _logger.LogInformation("Specs from custom resources: {EventSources} event sources, {Sensors} sensors run", next.EventSources.Count, next.Sensors.Count);
        SpecFindingsLog.Report(_logger, changed, next.Conflicts);
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<SpecSnapshot>)handler)(next);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A spec change handler failed");
            }
        }

        RaiseResourcesChanged();
    }

    private void RaiseResourcesChanged()
    {
        try
        {
            ResourcesChanged?.Invoke();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A resource change handler failed");
        }
    }

    /// <summary>One collection watched: whether it was listed once, and the last error while it fails.</summary>
    public sealed record WatchState(string Collection, bool Listed, string? Error);

    private sealed record Entry(string Kind, string Plural, JsonObject Resource, JsonObject Document, SpecFile File);
}
