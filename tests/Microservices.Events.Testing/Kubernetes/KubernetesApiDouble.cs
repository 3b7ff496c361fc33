using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>
/// A Kubernetes API server double on a free loopback port (plain HTTP, no authentication) speaking the REST conventions
/// clients such as KubernetesClient use: discovery (<c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/apis/{group}</c>,
/// <c>/apis/{group}/{version}</c>, <c>/version</c>), get / list / create / update (PUT) / delete of namespaced and
/// cluster resources, merge / strategic-merge (approximated, see <see cref="MergePatch"/>) / JSON patch and apply
/// patch (approximated as a merge patch that creates a missing object), the status subresource, label selectors,
/// and watch with resourceVersion and bookmarks. Errors answer a <c>Status</c> object with the server's code, reason
/// and message. Kinds beyond <see cref="KubeResourceType.Defaults"/> are added with <see cref="Register"/>.
/// </summary>
public sealed class KubernetesApiDouble : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private readonly ConcurrentDictionary<(string Group, string Version, string Plural), KubeResourceType> _types = new();
    private readonly ConcurrentQueue<KubeRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly WebApplication _app;

    private KubernetesApiDouble(WebApplication app, TimeProvider? time)
    {
        _app = app;
        Store = new KubeObjectStore(time);
        foreach (var type in KubeResourceType.Defaults)
        {
            Register(type);
        }
    }

    public string BaseUrl { get; private set; } = "";

    public KubeObjectStore Store { get; }

    /// <summary>Every resource request so far, in arrival order.</summary>
    public IReadOnlyList<KubeRequest> Requests => [.. _requests];

    /// <summary>How often a watch that asked for bookmarks gets one (a real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Sees each resource request before it is served; throwing a <see cref="KubeApiException"/> answers with it (e.g.
    /// 403 Forbidden for a verb RBAC would refuse, 422 Invalid for an admission webhook's refusal).
    /// </summary>
    public Action<KubeRequest>? Intercept { get; set; }

    public static async Task<KubernetesApiDouble> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new KubernetesApiDouble(app, time);
        app.Run(api.ServeAsync);
        await app.StartAsync();
        api.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return api;
    }

    /// <summary>Serves another kind (a custom resource, another version), discoverable like the defaults.</summary>
    public KubeResourceType Register(KubeResourceType type) => _types[(type.Group, type.Version, type.Plural)] = type;

    /// <summary>The served type of an apiVersion and kind.</summary>
    public KubeResourceType Type(string apiVersion, string kind) =>
        _types.Values.Single(t => t.ApiVersion == apiVersion && t.Kind == kind);

    /// <summary>Puts an object in place as a client's create would (test setup); returns it as stored.</summary>
    public JsonObject Seed(string? ns, JsonObject obj)
    {
        var type = Type(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>());
        return Store.Create(type, type.Namespaced ? ns ?? "default" : null, obj);
    }

    public JsonObject? Find(string apiVersion, string kind, string? ns, string name)
    {
        var type = Type(apiVersion, kind);
        return Store.TryGet(type, type.Namespaced ? ns : null, name);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task ServeAsync(HttpContext context)
    {
        try
        {
            var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            var answer = Discovery(segments);
            if (answer is not null)
            {
                await WriteAsync(context, 200, answer);
                return;
            }

            await ServeResourceAsync(context, segments);
        }
        catch (KubeApiException ex)
        {
            await WriteAsync(context, ex.Code, ex.ToStatus());
        }
        catch (JsonException ex)
        {
            await WriteAsync(context, 400, KubeApiException.BadRequest($"the body is not valid JSON: {ex.Message}").ToStatus());
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            await WriteAsync(context, 500, new KubeApiException(500, "InternalError", $"Internal error occurred: {ex.Message}").ToStatus());
        }
    }

    private JsonNode? Discovery(string[] s)
    {
        switch (s)
        {
            case ["version"]:
                return new JsonObject { ["major"] = "1", ["minor"] = "34", ["gitVersion"] = "v1.34.0-double", ["platform"] = "linux/amd64" };
            case ["api"]:
                return new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"), ["serverAddressByClientCIDRs"] = new JsonArray() };
            case ["apis"]:
                var groups = new JsonArray();
                foreach (var group in _types.Values.Where(t => t.Group.Length > 0).GroupBy(t => t.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    groups.Add(Group(group.Key));
                }

                return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
            case ["apis", var g] when _types.Values.Any(t => t.Group == g):
                return Group(g).Also(o => { o["kind"] = "APIGroup"; o["apiVersion"] = "v1"; });
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
        foreach (var version in _types.Values.Where(t => t.Group == group).Select(t => t.Version).Distinct().Order(StringComparer.Ordinal))
        {
            versions.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
        }

        return new JsonObject { ["name"] = group, ["versions"] = versions, ["preferredVersion"] = versions[0]!.DeepClone() };
    }

    private JsonObject ResourceList(string group, string version)
    {
        var types = _types.Values.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (types.Count == 0)
        {
            throw new KubeApiException(404, "NotFound", "the server could not find the requested resource");
        }

        var resources = new JsonArray();
        foreach (var t in types)
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

    private async Task ServeResourceAsync(HttpContext context, string[] s)
    {
        // /api/v1/... or /apis/{group}/{version}/...; then [namespaces/{ns}/]{plural}[/{name}[/{subresource}]]
        var (group, version, rest) = s switch
        {
            ["api", var v, .. var r] => ("", v, r),
            ["apis", var g, var v, .. var r] => (g, v, r),
            _ => throw new KubeApiException(404, "NotFound", "the server could not find the requested resource"),
        };
        string? ns = null;
        if (rest is ["namespaces", var n, var plural, ..] && _types.ContainsKey((group, version, plural)) && _types[(group, version, plural)].Namespaced)
        {
            ns = n;
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3 || !_types.TryGetValue((group, version, rest[0]), out var type))
        {
            throw new KubeApiException(404, "NotFound", "the server could not find the requested resource");
        }

        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        if (subresource is not null && (subresource != "status" || !type.HasStatus))
        {
            throw new KubeApiException(404, "NotFound", "the server could not find the requested resource");
        }

        if (type.Namespaced && ns is null && context.Request.Method is not "GET")
        {
            throw new KubeApiException(404, "NotFound", "the server could not find the requested resource");
        }

        var query = context.Request.Query;
        var watch = query["watch"] is var w && (w == "true" || w == "1");
        var verb = (context.Request.Method, name) switch
        {
            ("GET", null) => watch ? "watch" : "list",
            ("GET", _) => "get",
            ("POST", null) => "create",
            ("PUT", not null) => "update",
            ("PATCH", not null) => "patch",
            ("DELETE", not null) => "delete",
            _ => throw new KubeApiException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource"),
        };

        var contentType = context.Request.ContentType?.Split(';')[0].Trim();
        JsonNode? body = null;
        if (verb is "create" or "update" or "patch" or "delete" && context.Request.ContentLength is not 0)
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }

        var request = new KubeRequest(verb, type, ns, name, subresource, body, contentType)
        {
            Authorization = context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization ? authorization : null,
        };
        _requests.Enqueue(request);
        Intercept?.Invoke(request);

        var selector = LabelSelector.Parse(query["labelSelector"]);
        switch (verb)
        {
            case "get":
                await WriteAsync(context, 200, Store.Get(type, ns, name!));
                return;
            case "list":
                var (items, rv) = Store.List(type, ns, selector);
                var fieldName = FieldName(query["fieldSelector"]);
                var list = new JsonArray();
                foreach (var item in items.Where(i => fieldName is null || i["metadata"]?["name"]?.GetValue<string>() == fieldName))
                {
                    list.Add(item);
                }

                await WriteAsync(context, 200, new JsonObject
                {
                    ["kind"] = $"{type.Kind}List",
                    ["apiVersion"] = type.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) },
                    ["items"] = list,
                });
                return;
            case "watch":
                await WatchAsync(context, type, ns, selector, FieldName(query["fieldSelector"]));
                return;
            case "create":
                var created = Store.Create(type, ns, ObjectBody(body, type));
                await WriteAsync(context, 201, created);
                return;
            case "update":
                await WriteAsync(context, 200, Store.Update(type, ns, name!, ObjectBody(body, type), subresource == "status"));
                return;
            case "patch":
                await WriteAsync(context, 200, Patch(type, ns, name!, subresource, body, contentType, query["fieldManager"]));
                return;
            case "delete":
                var preconditions = body?["preconditions"];
                await WriteAsync(context, 200, Store.Delete(type, ns, name!, preconditions?["resourceVersion"]?.GetValue<string>(), preconditions?["uid"]?.GetValue<string>()));
                return;
        }
    }

    private JsonObject Patch(KubeResourceType type, string? ns, string name, string? subresource, JsonNode? body, string? contentType, string? fieldManager)
    {
        if (body is null)
        {
            throw KubeApiException.BadRequest("the patch body is empty");
        }

        Func<JsonObject, JsonNode?> apply = contentType switch
        {
            "application/merge-patch+json" => current => MergePatch.Apply(current, body),
            "application/strategic-merge-patch+json" => current => MergePatch.Apply(current, body, strategic: true),
            "application/apply-patch+yaml" => current => MergePatch.Apply(current, body, strategic: true),
            "application/json-patch+json" when body is JsonArray operations => current =>
            {
                try
                {
                    return JsonPatch.Apply(current, operations);
                }
                catch (InvalidOperationException ex)
                {
                    throw new KubeApiException(422, "Invalid", $"the server rejected our request due to an error in our request: {ex.Message}");
                }
            },
            "application/json-patch+json" => throw KubeApiException.BadRequest("a JSON patch must be a list of operations"),
            _ => throw new KubeApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
        };

        if (contentType == "application/apply-patch+yaml")
        {
            if (string.IsNullOrEmpty(fieldManager))
            {
                throw KubeApiException.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            }

            if (subresource is null && Store.TryGet(type, ns, name) is null)
            {
                return Store.Create(type, ns, ObjectBody(body, type));
            }
        }

        return Store.Patch(type, ns, name, apply, subresource == "status");
    }

    private async Task WatchAsync(HttpContext context, KubeResourceType type, string? ns, LabelSelector selector, string? fieldName)
    {
        var query = context.Request.Query;
        long? from = long.TryParse(query["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : null;
        var bookmarks = query["allowWatchBookmarks"] == "true";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        if (int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var timeout) && timeout > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        var events = Store.WatchAsync(type, from, stop.Token).GetAsyncEnumerator(stop.Token);
        // The first MoveNext registers the watcher (or finds the resourceVersion too old) before the 200 goes out.
        var next = events.MoveNextAsync().AsTask();
        try
        {
            await Task.WhenAny(next, Task.Delay(50, CancellationToken.None));
            await StartStreamAsync(context);
            if (next.IsFaulted && next.Exception!.InnerException is KubeApiException gone)
            {
                // A watch too old for the history: the server answers 200 and sends one ERROR event with the Status.
                await WriteLineAsync(context, KubeWatchEvent.Line("ERROR", gone.ToStatus()));
                return;
            }

            var lastSeen = from ?? Store.ResourceVersion;
            while (!stop.IsCancellationRequested)
            {
                var delay = Task.Delay(bookmarks ? BookmarkInterval : Timeout.InfiniteTimeSpan, stop.Token);
                if (await Task.WhenAny(next, delay) == delay)
                {
                    if (delay.IsCanceled)
                    {
                        break;
                    }

                    lastSeen = Math.Max(lastSeen, Store.ResourceVersion);
                    await WriteLineAsync(context, KubeWatchEvent.Line("BOOKMARK", new JsonObject
                    {
                        ["kind"] = type.Kind,
                        ["apiVersion"] = type.ApiVersion,
                        ["metadata"] = new JsonObject { ["resourceVersion"] = lastSeen.ToString(CultureInfo.InvariantCulture) },
                    }));
                    continue;
                }

                if (!await next)
                {
                    break;
                }

                var e = events.Current;
                lastSeen = e.ResourceVersion;
                if (Line(e, ns, selector, fieldName) is { } line)
                {
                    await WriteLineAsync(context, line);
                }

                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, the timeout ran out, or the double stops: the stream simply ends.
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (Exception)
            {
                // Cancelled or too old: either way the watch is over.
            }

            await events.DisposeAsync();
        }
    }

    /// <summary>
    /// The line a watcher with this namespace and selector sees for a change, or none: an object that stops matching
    /// the selector is reported DELETED, one that starts matching ADDED, as the API server's watch cache does.
    /// </summary>
    private static JsonObject? Line(KubeWatchEvent e, string? ns, LabelSelector selector, string? fieldName)
    {
        if (ns is not null && e.Namespace != ns)
        {
            return null;
        }

        if (fieldName is not null && e.Object["metadata"]?["name"]?.GetValue<string>() != fieldName)
        {
            return null;
        }

        var now = e.Type != "DELETED" && selector.Matches(e.Object);
        var before = e.Previous is not null && selector.Matches(e.Previous);
        return (e.Type, before, now) switch
        {
            ("ADDED", _, true) => KubeWatchEvent.Line("ADDED", e.Object),
            ("MODIFIED", true, true) => KubeWatchEvent.Line("MODIFIED", e.Object),
            ("MODIFIED", false, true) => KubeWatchEvent.Line("ADDED", e.Object),
            ("MODIFIED", true, false) => KubeWatchEvent.Line("DELETED", e.Object),
            ("DELETED", true, _) => KubeWatchEvent.Line("DELETED", e.Object),
            _ => null,
        };
    }

    private static string? FieldName(string? fieldSelector) =>
        fieldSelector is { Length: > 0 } f && f.StartsWith("metadata.name=", StringComparison.Ordinal) ? f["metadata.name=".Length..] : null;

    private static JsonObject ObjectBody(JsonNode? body, KubeResourceType type)
    {
        if (body is not JsonObject obj)
        {
            throw KubeApiException.BadRequest("the body must be a JSON object");
        }

        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        var kind = obj["kind"]?.GetValue<string>();
        if ((apiVersion is not null && apiVersion != type.ApiVersion) || (kind is not null && kind != type.Kind))
        {
            throw KubeApiException.BadRequest($"the API version in the data ({apiVersion}) and kind ({kind}) do not match the expected {type.ApiVersion} {type.Kind}");
        }

        return obj;
    }

    private static async Task StartStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
    }

    private static async Task WriteLineAsync(HttpContext context, JsonObject line)
    {
        await context.Response.WriteAsync(line.ToJsonString(Compact) + "\n");
        await context.Response.Body.FlushAsync();
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(Compact));
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
