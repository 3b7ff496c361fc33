using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Resource;

/// <summary>
/// The filter of a <c>resource</c> event as pure functions: <c>labels</c> as the label selector the API server applies
/// (<c>?labelSelector=</c>), and the checks Argo makes on each object before sending it (name prefix, afterStart,
/// createdBy, fields).
/// </summary>
public static class ResourceSelectors
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The label selector of <paramref name="labels"/>, requirements joined by commas: <c>==</c> (the default), <c>=</c>,
    /// <c>!=</c>, <c>in</c> / <c>notin</c> (value a comma list), <c>exists</c> / <c>!</c> (no value), <c>gt</c> / <c>lt</c>.
    /// Null when there is none.
    /// </summary>
    public static string? LabelSelector(IReadOnlyList<ResourceSelector>? labels)
    {
        if (labels is not { Count: > 0 })
        {
            return null;
        }

        return string.Join(',', labels.Select(l =>
        {
            var key = l.Key ?? "";
            var value = l.Value ?? "";
            return (string.IsNullOrEmpty(l.Operation) ? "==" : l.Operation) switch
            {
                "in" => $"{key} in ({string.Join(',', value.Split(',', StringSplitOptions.TrimEntries))})",
                "notin" => $"{key} notin ({string.Join(',', value.Split(',', StringSplitOptions.TrimEntries))})",
                "exists" => key,
                "!" => $"!{key}",
                "gt" => $"{key}>{value}",
                "lt" => $"{key}<{value}",
                var op => $"{key}{op}{value}",
            };
        }));
    }

    /// <summary>
    /// Whether the object of a change passes <paramref name="filter"/>: its name starts with <c>prefix</c>; with
    /// <c>afterStart</c> the change happened at or after <paramref name="startedAt"/> (see <see cref="EventTime"/>); it
    /// was created at or before <c>createdBy</c>; and every <c>fields</c> entry's path exists and its string value
    /// matches (<c>=</c>, <c>==</c>) or does not match (<c>!=</c>) the regular expression.
    /// </summary>
    public static bool Passes(string eventType, JsonObject obj, ResourceFilter? filter, DateTimeOffset startedAt, DateTimeOffset now)
    {
        if (filter is null)
        {
            return true;
        }

        var metadata = obj["metadata"] as JsonObject;
        if (!string.IsNullOrEmpty(filter.Prefix) && !(Text(metadata?["name"]) ?? "").StartsWith(filter.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (filter.AfterStart == true && EventTime(eventType, obj, now) < startedAt)
        {
            return false;
        }

        if (filter.CreatedBy is { Length: > 0 } createdBy
            && DateTimeOffset.TryParse(createdBy, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var limit)
            && Time(metadata?["creationTimestamp"]) is { } created && created > limit)
        {
            return false;
        }

        foreach (var field in filter.Fields ?? [])
        {
            if (!Find(obj, field.Key ?? "", out var node))
            {
                return false;
            }

            bool match;
            try
            {
                // Only a string value is compared as itself; any other value is compared as the empty string.
                match = Regex.IsMatch(node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "", field.Value ?? "", RegexOptions.None, RegexTimeout);
            }
            catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
            {
                return false;
            }

            var pass = (string.IsNullOrEmpty(field.Operation) ? "==" : field.Operation) switch
            {
                "=" or "==" => match,
                "!=" => !match,
                _ => false,
            };
            if (!pass)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// When a change happened, as Argo judges it: ADD at the object's creation; DELETE at its deletionTimestamp (now when
    /// it has none); UPDATE at the latest <c>Update</c> entry of its managedFields, or its creation when none is later.
    /// </summary>
    public static DateTimeOffset EventTime(string eventType, JsonObject obj, DateTimeOffset now)
    {
        var metadata = obj["metadata"] as JsonObject;
        var created = Time(metadata?["creationTimestamp"]) ?? DateTimeOffset.MinValue;
        switch (eventType)
        {
            case ResourceEvents.Delete:
                return Time(metadata?["deletionTimestamp"]) ?? now;
            case ResourceEvents.Update:
                var latest = created;
                foreach (var entry in (metadata?["managedFields"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (Text(entry["operation"]) == "Update" && Time(entry["time"]) is { } t && t > latest)
                    {
                        latest = t;
                    }
                }

                return latest;
            default:
                return created;
        }
    }

    /// <summary>
    /// Follows a dotted path (<c>metadata.name</c>, <c>spec.containers.0.image</c>; <c>\.</c> escapes a dot in a key)
    /// into <paramref name="obj"/>.
    /// </summary>
    public static bool Find(JsonNode? obj, string path, out JsonNode? found)
    {
        found = obj;
        foreach (var part in Split(path))
        {
            found = found switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var child) => child ?? JsonValue.Create((string?)null),
                JsonArray a when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (found is null)
            {
                return false;
            }
        }

        return path.Length > 0;
    }

    private static IEnumerable<string> Split(string path)
    {
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\' && i + 1 < path.Length)
            {
                current.Append(path[++i]);
            }
            else if (path[i] == '.')
            {
                yield return current.ToString();
                current.Clear();
            }
            else
            {
                current.Append(path[i]);
            }
        }

        yield return current.ToString();
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static DateTimeOffset? Time(JsonNode? node) =>
        Text(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
