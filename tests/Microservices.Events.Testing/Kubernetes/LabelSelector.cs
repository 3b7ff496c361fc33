using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>
/// A label selector as <c>?labelSelector=</c> carries it: comma-separated requirements <c>k=v</c>, <c>k==v</c>,
/// <c>k!=v</c>, <c>k&gt;n</c>, <c>k&lt;n</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> (exists) and <c>!k</c> (does not exist).
/// </summary>
public sealed partial class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    /// <exception cref="KubeApiException">400 for a selector that does not parse.</exception>
    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        var position = 0;
        foreach (Match m in Requirement().Matches(text))
        {
            if (m.Index != position || m.Length == 0)
            {
                break;
            }

            position += m.Length;
            selector._requirements.Add(ToPredicate(m));
        }

        if (position != text.Length)
        {
            throw KubeApiException.BadRequest($"unable to parse requirement: \"{text}\"");
        }

        return selector;
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ToPredicate(Match m)
    {
        var key = m.Groups["key"].Value;
        if (m.Groups["set"].Success)
        {
            var values = m.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            var notIn = m.Groups["set"].Value == "notin";
            return l => l.TryGetValue(key, out var v) ? values.Contains(v) != notIn : notIn;
        }

        if (m.Groups["op"].Success)
        {
            var value = m.Groups["value"].Value;
            if (m.Groups["op"].Value is ">" or "<")
            {
                if (!long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var bound))
                {
                    throw KubeApiException.BadRequest($"for 'gt', 'lt' operators, the value must be an integer: \"{value}\"");
                }

                var greater = m.Groups["op"].Value == ">";
                return l => l.TryGetValue(key, out var v) && long.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) && (greater ? n > bound : n < bound);
            }

            var not = m.Groups["op"].Value == "!=";
            return l => l.TryGetValue(key, out var v) ? (v == value) != not : not;
        }

        var absent = m.Groups["bang"].Success;
        return l => l.ContainsKey(key) != absent;
    }

    public bool Matches(JsonNode? obj)
    {
        var labels = (obj?["metadata"]?["labels"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "", StringComparer.Ordinal)
                     ?? new Dictionary<string, string>();
        return _requirements.All(r => r(labels));
    }

    [GeneratedRegex(@"\s*(?:(?<key>[A-Za-z0-9._/-]+)\s+(?<set>in|notin)\s*\((?<values>[^)]*)\)|(?<key>[A-Za-z0-9._/-]+)\s*(?<op>==|!=|=|>|<)\s*(?<value>[A-Za-z0-9._-]*)|(?<bang>!)?(?<key>[A-Za-z0-9._/-]+))\s*(?:,|$)")]
    private static partial Regex Requirement();
}
