using System.Text.Json.Nodes;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>
/// A field selector as <c>?fieldSelector=</c> carries it: comma-separated <c>field=value</c>, <c>field==value</c> or
/// <c>field!=value</c> on the fields every kind supports, <c>metadata.name</c> and <c>metadata.namespace</c> (any other
/// field answers 400, as the API server does for a field a kind does not index).
/// </summary>
public sealed class FieldSelector
{
    private readonly List<(string Field, string Value, bool Not)> _requirements = [];

    public static FieldSelector Everything { get; } = new();

    /// <exception cref="KubeApiException">400 for a selector that does not parse or names an unsupported field.</exception>
    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var requirement in text.Split(','))
        {
            var (op, at) = requirement.IndexOf("!=", StringComparison.Ordinal) is var ne and >= 0 ? ("!=", ne)
                : requirement.IndexOf("==", StringComparison.Ordinal) is var eq and >= 0 ? ("==", eq)
                : ("=", requirement.IndexOf('='));
            if (at <= 0)
            {
                throw KubeApiException.BadRequest($"invalid field selector: \"{text}\"");
            }

            var field = requirement[..at].Trim();
            if (field is not ("metadata.name" or "metadata.namespace"))
            {
                throw KubeApiException.BadRequest($"field label not supported: {field}");
            }

            selector._requirements.Add((field, requirement[(at + op.Length)..].Trim(), op == "!="));
        }

        return selector;
    }

    public bool Matches(JsonNode? obj) =>
        _requirements.All(r => (obj?["metadata"]?[r.Field["metadata.".Length..]]?.GetValue<string>() ?? "") == r.Value != r.Not);
}
