using System.Globalization;
using System.Text.Json.Nodes;

namespace Microservices.Events.Kubernetes.Specs;

/// <summary>
/// The <c>status</c> a resource should have, from the conditions computed for it and the status it has: a condition
/// that did not change (type, status, reason, message) keeps its <c>lastTransitionTime</c>, one that did gets
/// <paramref name="now"/> (as Argo's <c>SetCondition</c>); <c>observedGeneration</c> is the generation the conditions
/// were computed from. The same inputs give the same status, so replicas that compute it agree, and a write is needed
/// only when it <see cref="Differs"/> from what is stored.
/// </summary>
public static class SpecStatus
{
    public static JsonObject Next(JsonNode? current, IReadOnlyList<SpecCondition> desired, long? generation, DateTimeOffset now)
    {
        var existing = Conditions(current);
        var conditions = new JsonArray();
        foreach (var condition in desired.OrderBy(c => c.Type, StringComparer.Ordinal))
        {
            var before = existing.FirstOrDefault(c => c.Type == condition.Type);
            var time = before is not null && before.SameAs(condition) && before.LastTransitionTime is { Length: > 0 } kept
                ? kept
                : now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            conditions.Add(Json(condition with { LastTransitionTime = time }));
        }

        var status = new JsonObject { ["conditions"] = conditions };
        if (generation is { } g)
        {
            status["observedGeneration"] = g;
        }

        return status;
    }

    /// <summary>Whether the stored status lacks what <paramref name="next"/> says (its conditions or observedGeneration).</summary>
    public static bool Differs(JsonNode? current, JsonObject next) =>
        !Conditions(current).SequenceEqual(Conditions(next)) || Generation(current) != Generation(next);

    private static long? Generation(JsonNode? status) =>
        status?["observedGeneration"] is JsonValue v && v.TryGetValue<long>(out var g) ? g : null;

    /// <summary>The conditions of a stored status (none when it has none or they are not in Argo's shape).</summary>
    public static IReadOnlyList<SpecCondition> Conditions(JsonNode? status)
    {
        if (status?["conditions"] is not JsonArray array)
        {
            return [];
        }

        var conditions = new List<SpecCondition>();
        foreach (var item in array.OfType<JsonObject>())
        {
            if (Text(item, "type") is { } type && Text(item, "status") is { } value)
            {
                conditions.Add(new SpecCondition(type, value, NullIfEmpty(Text(item, "reason")), NullIfEmpty(Text(item, "message")), Text(item, "lastTransitionTime")));
            }
        }

        return conditions;
    }

    private static JsonObject Json(SpecCondition c)
    {
        var json = new JsonObject { ["type"] = c.Type, ["status"] = c.Status, ["lastTransitionTime"] = c.LastTransitionTime };
        if (!string.IsNullOrEmpty(c.Reason))
        {
            json["reason"] = c.Reason;
        }

        if (!string.IsNullOrEmpty(c.Message))
        {
            json["message"] = c.Message;
        }

        return json;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? Text(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
