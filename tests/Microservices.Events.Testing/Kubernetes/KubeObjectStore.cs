using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>
/// The objects of the Kubernetes API double with the API server's bookkeeping: one resourceVersion counter for all
/// objects, uid, creationTimestamp, generation (bumped when anything but metadata and status changes),
/// <c>generateName</c>, optimistic concurrency on resourceVersion, the status subresource, and a history of changes
/// that watches start from (a resourceVersion older than the retained history answers 410 Gone).
/// </summary>
public sealed class KubeObjectStore
{
    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";
    private readonly Lock _gate = new();
    private readonly Dictionary<(KubeResourceType Type, string Namespace, string Name), JsonObject> _objects = new();
    private readonly List<KubeWatchEvent> _history = [];
    private readonly List<Channel<KubeWatchEvent>> _watchers = [];
    private readonly TimeProvider _time;
    private long _resourceVersion = 100;
    private long _oldestWatchable = 100;

    public KubeObjectStore(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>The resourceVersion of the latest change.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>Every change so far, oldest first (what the store still retains).</summary>
    public IReadOnlyList<KubeWatchEvent> History()
    {
        lock (_gate)
        {
            return [.. _history];
        }
    }

    /// <summary>Forgets the history, as etcd compaction does: a watch from an older resourceVersion then gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _oldestWatchable = _resourceVersion;
        }
    }

    public JsonObject Create(KubeResourceType type, string? ns, JsonObject body)
    {
        var obj = (JsonObject)body.DeepClone();
        var metadata = Metadata(obj);
        var name = metadata["name"]?.GetValue<string>();
        lock (_gate)
        {
            if (string.IsNullOrEmpty(name))
            {
                var prefix = metadata["generateName"]?.GetValue<string>();
                if (string.IsNullOrEmpty(prefix))
                {
                    throw KubeApiException.Invalid(type, "", "metadata.name", "Required value: name or generateName is required");
                }

                do
                {
                    name = prefix + new string(Enumerable.Range(0, 5).Select(_ => NameChars[Random.Shared.Next(NameChars.Length)]).ToArray());
                }
                while (_objects.ContainsKey((type, ns ?? "", name)));
            }

            if (_objects.ContainsKey((type, ns ?? "", name)))
            {
                throw KubeApiException.AlreadyExists(type, name);
            }

            obj["apiVersion"] = type.ApiVersion;
            obj["kind"] = type.Kind;
            metadata["name"] = name;
            if (type.Namespaced)
            {
                metadata["namespace"] = ns;
            }
            else
            {
                metadata.Remove("namespace");
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            metadata["generation"] = 1L;
            if (type.HasStatus)
            {
                obj.Remove("status");
            }

            return Commit("ADDED", type, ns, name, obj, null);
        }
    }

    public JsonObject Get(KubeResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return (JsonObject)Current(type, ns, name).DeepClone();
        }
    }

    public JsonObject? TryGet(KubeResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue((type, ns ?? "", name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    /// <summary>The objects of a type (in one namespace, or all when <paramref name="ns"/> is null) that match the selector, by namespace and name.</summary>
    public (IReadOnlyList<JsonObject> Items, long ResourceVersion) List(KubeResourceType type, string? ns, LabelSelector? selector = null)
    {
        lock (_gate)
        {
            var items = _objects
                .Where(o => o.Key.Type == type && (ns is null || o.Key.Namespace == ns) && (selector ?? LabelSelector.Everything).Matches(o.Value))
                .OrderBy(o => o.Key.Namespace, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => (JsonObject)o.Value.DeepClone())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>
    /// Replaces an object (PUT). A resourceVersion in the body must be the current one (409 otherwise); without one the
    /// update is unconditional. On the main resource a kind with a status subresource keeps its status; on
    /// <paramref name="statusOnly"/> only the status changes.
    /// </summary>
    public JsonObject Update(KubeResourceType type, string? ns, string name, JsonObject body, bool statusOnly = false)
    {
        lock (_gate)
        {
            var current = Current(type, ns, name);
            return Replace(type, ns, name, current, (JsonObject)body.DeepClone(), statusOnly);
        }
    }

    /// <summary>Patches an object: <paramref name="patch"/> turns the current object into the new one, then as <see cref="Update"/>.</summary>
    public JsonObject Patch(KubeResourceType type, string? ns, string name, Func<JsonObject, JsonNode?> patch, bool statusOnly = false)
    {
        lock (_gate)
        {
            var current = Current(type, ns, name);
            if (patch((JsonObject)current.DeepClone()) is not JsonObject patched)
            {
                throw KubeApiException.BadRequest("the patch does not leave an object");
            }

            return Replace(type, ns, name, current, patched, statusOnly);
        }
    }

    /// <summary>Deletes an object; a precondition resourceVersion or uid that is not the current one answers 409.</summary>
    public JsonObject Delete(KubeResourceType type, string? ns, string name, string? resourceVersion = null, string? uid = null)
    {
        lock (_gate)
        {
            var current = Current(type, ns, name);
            if ((resourceVersion is not null && resourceVersion != current["metadata"]!["resourceVersion"]!.GetValue<string>())
                || (uid is not null && uid != current["metadata"]!["uid"]!.GetValue<string>()))
            {
                throw KubeApiException.Conflict(type, name);
            }

            _objects.Remove((type, ns ?? "", name));
            var deleted = (JsonObject)current.DeepClone();
            _resourceVersion++;
            deleted["metadata"]!["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture);
            Publish(new KubeWatchEvent(_resourceVersion, "DELETED", type, ns ?? "", deleted, current));
            return (JsonObject)deleted.DeepClone();
        }
    }

    /// <summary>
    /// Changes after <paramref name="fromResourceVersion"/> (the current objects as ADDED first when null or 0), then
    /// every later change, until <paramref name="cancellationToken"/> ends it.
    /// </summary>
    /// <exception cref="KubeApiException">410 Gone: the resourceVersion is older than the retained history.</exception>
    public async IAsyncEnumerable<KubeWatchEvent> WatchAsync(KubeResourceType type, long? fromResourceVersion, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<KubeWatchEvent>(new UnboundedChannelOptions { SingleReader = true });
        List<KubeWatchEvent> backlog;
        lock (_gate)
        {
            if (fromResourceVersion is null or 0)
            {
                backlog = _objects.Where(o => o.Key.Type == type)
                    .Select(o => new KubeWatchEvent(long.Parse(o.Value["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture), "ADDED", type, o.Key.Namespace, (JsonObject)o.Value.DeepClone(), null))
                    .OrderBy(e => e.ResourceVersion)
                    .ToList();
            }
            else if (fromResourceVersion < _oldestWatchable)
            {
                throw new KubeApiException(410, "Expired", $"too old resource version: {fromResourceVersion} ({_oldestWatchable})");
            }
            else
            {
                backlog = _history.Where(e => e.ResourceType == type && e.ResourceVersion > fromResourceVersion).ToList();
            }

            _watchers.Add(channel);
        }

        try
        {
            foreach (var e in backlog)
            {
                yield return e;
            }

            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken))
            {
                if (e.ResourceType == type)
                {
                    yield return e;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    private JsonObject Replace(KubeResourceType type, string? ns, string name, JsonObject current, JsonObject next, bool statusOnly)
    {
        var metadata = Metadata(next);
        var currentMetadata = (JsonObject)current["metadata"]!;
        if (metadata["resourceVersion"]?.GetValue<string>() is { Length: > 0 } expected && expected != currentMetadata["resourceVersion"]!.GetValue<string>())
        {
            throw KubeApiException.Conflict(type, name);
        }

        if (metadata["name"]?.GetValue<string>() is { } bodyName && bodyName != name)
        {
            throw KubeApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        JsonObject result;
        if (statusOnly)
        {
            result = (JsonObject)current.DeepClone();
            result["status"] = next["status"]?.DeepClone();
        }
        else
        {
            result = next;
            if (type.HasStatus)
            {
                result["status"] = current["status"]?.DeepClone();
            }

            foreach (var kept in new[] { "name", "namespace", "uid", "creationTimestamp", "generation" })
            {
                if (currentMetadata[kept] is { } value)
                {
                    metadata[kept] = value.DeepClone();
                }
                else
                {
                    metadata.Remove(kept);
                }
            }

            result["apiVersion"] = type.ApiVersion;
            result["kind"] = type.Kind;
            if (!JsonNode.DeepEquals(Content(current), Content(result)))
            {
                metadata["generation"] = long.Parse(currentMetadata["generation"]?.ToJsonString() ?? "1", CultureInfo.InvariantCulture) + 1;
            }
        }

        if (result["status"] is null)
        {
            result.Remove("status");
        }

        if (JsonNode.DeepEquals(WithoutResourceVersion(current), WithoutResourceVersion(result)))
        {
            return (JsonObject)current.DeepClone();
        }

        return Commit("MODIFIED", type, ns, name, result, current);
    }

    private JsonObject Commit(string eventType, KubeResourceType type, string? ns, string name, JsonObject obj, JsonObject? previous)
    {
        _resourceVersion++;
        obj["metadata"]!["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture);
        _objects[(type, ns ?? "", name)] = obj;
        Publish(new KubeWatchEvent(_resourceVersion, eventType, type, ns ?? "", (JsonObject)obj.DeepClone(), previous));
        return (JsonObject)obj.DeepClone();
    }

    private void Publish(KubeWatchEvent e)
    {
        _history.Add(e);
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(e);
        }
    }

    private JsonObject Current(KubeResourceType type, string? ns, string name) =>
        _objects.TryGetValue((type, ns ?? "", name), out var obj) ? obj : throw KubeApiException.NotFound(type, name);

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }

        return metadata;
    }

    private static JsonObject Content(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    private static JsonObject WithoutResourceVersion(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("resourceVersion");
        return copy;
    }
}
