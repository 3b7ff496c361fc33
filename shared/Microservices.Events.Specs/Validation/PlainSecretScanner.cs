using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Specs.Validation;

/// <summary>
/// Warns where a spec carries a credential in plain text instead of a secret reference: a URL with
/// <c>user:password@</c>, a credential header (<c>Authorization</c>, <c>Cookie</c>, API keys, tokens) in a plain
/// <c>headers</c> map, and a <c>secureHeaders</c> item with a <c>value</c> instead of <c>valueFrom</c>. A spec is
/// stored in the cluster and in version control, readable by whoever may read it; secrets are not.
/// </summary>
public static partial class PlainSecretScanner
{
    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token", "X-Access-Token",
        "Private-Token", "X-Gitlab-Token", "X-Vault-Token", "X-Amz-Security-Token", "Ocp-Apim-Subscription-Key",
    };

    public static IReadOnlyList<SpecDiagnostic> Scan(JsonNode? document)
    {
        var findings = new List<SpecDiagnostic>();
        Walk(document, new JsonPathTrail(""), null, findings);
        return findings;
    }

    private static void Walk(JsonNode? node, JsonPathTrail path, string? field, List<SpecDiagnostic> findings)
    {
        switch (node)
        {
            case JsonObject obj:
                if (field is not null && field.Equals("secureHeaders", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }

                foreach (var (key, value) in obj)
                {
                    using (path.Enter(key))
                    {
                        if (field is not null && field.Equals("headers", StringComparison.OrdinalIgnoreCase) && CredentialHeaders.Contains(key) && value is JsonValue)
                        {
                            findings.Add(Warn(path.ToString(), $"the {key} header is a credential in plain text: give it through secureHeaders with valueFrom.secretKeyRef"));
                            continue;
                        }

                        Walk(value, path, key, findings);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    using (path.Enter(i))
                    {
                        if (field is not null && field.Equals("secureHeaders", StringComparison.OrdinalIgnoreCase) && array[i] is JsonObject header &&
                            header.FirstOrDefault(p => p.Key.Equals("value", StringComparison.OrdinalIgnoreCase)) is { Key: { } valueKey, Value: JsonValue })
                        {
                            using (path.Enter(valueKey))
                            {
                                findings.Add(Warn(path.ToString(), "a secure header's value in plain text: use valueFrom.secretKeyRef (or configMapKeyRef) instead"));
                            }

                            continue;
                        }

                        Walk(array[i], path, field, findings);
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && UrlWithPassword().Match(text) is { Success: true } match:
                findings.Add(Warn(path.ToString(), $"the URL holds a password in plain text ({match.Groups["scheme"].Value}://{match.Groups["user"].Value}:…@): put the URL or the credentials in a secret"));
                break;
        }
    }

    private static SpecDiagnostic Warn(string path, string message) => new(DiagnosticSeverity.Warning, path, message);

    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)://(?<user>[^:/@\s]*):(?<password>[^@/\s]+)@")]
    private static partial Regex UrlWithPassword();
}
