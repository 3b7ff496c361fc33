using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Microservices.Events.TriggerDispatch.Failures;

/// <summary>
/// What is stored of a failed firing never holds a secret: secret values are resolved only while an attempt runs, and
/// what a template may carry in the clear is masked here — any string under a field or header whose name speaks of a
/// credential (authorization, cookie, password, secret, token, api key), and the user-info part of URLs.
/// </summary>
public static partial class FiringRedaction
{
    public const string Mask = "[redacted]";

    /// <summary>A copy of <paramref name="node"/> with credentials masked.</summary>
    public static JsonNode? Redact(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key,
            IsSensitive(p.Key) && p.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? JsonValue.Create(Mask)
                : Redact(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Redact).ToArray()),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => JsonValue.Create(RedactText(v.GetValue<string>())),
        null => null,
        _ => node.DeepClone(),
    };

    /// <summary><paramref name="text"/> with the user-info of every URL in it masked (<c>https://[redacted]@host/</c>).</summary>
    public static string RedactText(string text) => UserInfo().Replace(text, m => $"{m.Groups["scheme"].Value}://{Mask}@");

    public static bool IsSensitive(string name)
    {
        var n = name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return n.Contains("authorization", StringComparison.Ordinal) || n.Contains("cookie", StringComparison.Ordinal)
            || n.Contains("password", StringComparison.Ordinal) || n.Contains("secret", StringComparison.Ordinal)
            || n.Contains("token", StringComparison.Ordinal) || n.Contains("apikey", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://[^/@\s]+@")]
    private static partial Regex UserInfo();
}
