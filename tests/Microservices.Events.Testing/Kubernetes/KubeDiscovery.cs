using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>
/// The discovery documents of the API double: <c>/version</c>, <c>/api</c> (APIVersions), <c>/apis</c> (APIGroupList),
/// <c>/apis/{group}</c> (APIGroup), and <c>/api/v1</c>, <c>/apis/{group}/{version}</c> (APIResourceList, with a
/// <c>{plural}/status</c> entry for kinds with a status subresource), built from the served types.
/// </summary>
internal sealed class KubeDiscovery(ConcurrentDictionary<(string Group, string Version, string Plural), KubeResourceType> types)
{
    /// <summary>The document at these path segments, or null when they are not a discovery path.</summary>
    public JsonNode? Answer(string[] s)
    {
        switch (s)
        {
            case ["version"]:
                return new JsonObject { ["major"] = "1", ["minor"] = "34", ["gitVersion"] = "v1.34.0-double", ["platform"] = "linux/amd64" };
            case ["api"]:
                return new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"), ["serverAddressByClientCIDRs"] = new JsonArray() };
            case ["apis"]:
                var groups = new JsonArray();
                foreach (var group in types.Values.Where(t => t.Group.Length > 0).GroupBy(t => t.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    groups.Add(Group(group.Key));
                }

                return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
            case ["apis", var g] when types.Values.Any(t => t.Group == g):
                var apiGroup = Group(g);
                apiGroup["kind"] = "APIGroup";
                apiGroup["apiVersion"] = "v1";
                return apiGroup;
            case ["api", var v]:
                return ResourceList("", v);
            case ["apis", var g, var v]:
                return ResourceList(g, v);
            default:
                return null;
        }
    }

    private JsonObject Group(string group)
    {
        var versions = new JsonArray();
        foreach (var version in types.Values.Where(t => t.Group == group).Select(t => t.Version).Distinct().Order(StringComparer.Ordinal))
        {
            versions.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
        }

        return new JsonObject { ["name"] = group, ["versions"] = versions, ["preferredVersion"] = versions[0]!.DeepClone() };
    }

    private JsonObject ResourceList(string group, string version)
    {
        var served = types.Values.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (served.Count == 0)
        {
            throw new KubeApiException(404, "NotFound", "the server could not find the requested resource");
        }

        var resources = new JsonArray();
        foreach (var t in served)
        {
            resources.Add(new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.SingularName,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch"),
            });
            if (t.HasStatus)
            {
                resources.Add(new JsonObject { ["name"] = $"{t.Plural}/status", ["singularName"] = "", ["namespaced"] = t.Namespaced, ["kind"] = t.Kind, ["verbs"] = new JsonArray("get", "patch", "update") });
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}", ["resources"] = resources };
    }
}
