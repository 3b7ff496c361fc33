using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Microservices.Events.Ingress.Sources.StorageGrid;

/// <summary>
/// A StorageGRID bucket notification as it is posted (SNS-style form: <c>Action=Publish&amp;Message=…&amp;TopicArn=…</c>,
/// the <c>Message</c> being S3's notification JSON): the form as a JSON object with <c>Message</c> parsed, as Argo's
/// <c>notification</c>, and what the filters read from its first record.
/// </summary>
public sealed record StorageGridNotification(JsonObject Notification, string EventName, string Bucket, string Key, string? Version)
{
    /// <summary>The notification in <paramref name="body"/>, or why it is not one.</summary>
    public static (StorageGridNotification? Notification, string? Problem) Parse(string body)
    {
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form;
        try
        {
            form = QueryHelpers.ParseQuery(body);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            return (null, $"the body is not a form: {ex.Message}");
        }

        if (!form.TryGetValue("Message", out var message) || string.IsNullOrEmpty(message.ToString()))
        {
            return (null, "the form has no Message");
        }

        JsonObject? parsed;
        try
        {
            parsed = JsonNode.Parse(message.ToString()) as JsonObject;
        }
        catch (JsonException ex)
        {
            return (null, $"Message is not JSON: {ex.Message}");
        }

        if (parsed?["Records"] is not JsonArray { Count: > 0 } records || records[0] is not JsonObject record)
        {
            return (null, "Message has no Records");
        }

        var notification = new JsonObject();
        foreach (var (name, value) in form)
        {
            notification[name] = name == "Message" ? parsed : value.ToString();
        }

        return (new StorageGridNotification(
            notification,
            Text(record["eventName"]),
            Text(record["s3"]?["bucket"]?["name"]),
            Text(record["s3"]?["object"]?["key"]),
            VersionOf(record)), null);
    }

    /// <summary>Argo's event filter: <paramref name="events"/> empty, or one equal to the record's <c>eventName</c>; S3-style names (<c>s3:ObjectCreated:*</c>) match too.</summary>
    public bool Wanted(IReadOnlyList<string>? events) =>
        events is not { Count: > 0 } || events.Any(e => EventMatches(e, EventName));

    /// <summary>Argo's key filter: the object key starts with <c>prefix</c> and ends with <c>suffix</c> (each when set).</summary>
    public bool KeyPasses(string? prefix, string? suffix) =>
        (string.IsNullOrEmpty(prefix) || Key.StartsWith(prefix, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(suffix) || Key.EndsWith(suffix, StringComparison.Ordinal));

    public static bool EventMatches(string wanted, string eventName)
    {
        if (wanted == eventName)
        {
            return true;
        }

        var pattern = Bare(wanted);
        var name = Bare(eventName);
        return pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == name;
    }

    private static string Bare(string name) => name.StartsWith("s3:", StringComparison.Ordinal) ? name[3..] : name;

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static string? VersionOf(JsonObject record)
    {
        var sequencer = Text(record["s3"]?["object"]?["sequencer"]);
        var version = Text(record["s3"]?["object"]?["versionId"]);
        var request = Text(record["responseElements"]?["x-amz-request-id"]);
        return sequencer.Length + version.Length + request.Length == 0 ? null : $"{version}\n{sequencer}\n{request}";
    }
}
