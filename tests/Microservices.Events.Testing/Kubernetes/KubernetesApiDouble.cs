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
/// patch (approximated as a merge patch that creates a missing object), the status subresource, label and field
/// selectors (<see cref="FieldSelector"/>), and watch with resourceVersion and bookmarks (ended on demand with
/// <see cref="EndWatches"/>). Errors answer a <c>Status</c> object with the server's code, reason
/// and message. Kinds beyond <see cref="KubeResourceType.Defaults"/> are added with <see cref="Register"/>.
/// </summary>
public sealed class KubernetesApiDouble : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private readonly ConcurrentDictionary<(string Group, string Version, string Plural), KubeResourceType> _types = new();
    private readonly ConcurrentQueue<KubeRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource _endWatches = new();
    private readonly WebApplication _app;
    private readonly KubeDiscovery _discovery;

    private KubernetesApiDouble(WebApplication app, TimeProvider? time)
    {
        _app = app;
        _discovery = new KubeDiscovery(_types);
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

    /// <summary>Every BOOKMARK written to a watch so far: the kind watched and the resourceVersion it carried.</summary>
    public ConcurrentQueue<(string Kind, long ResourceVersion)> Bookmarks { get; } = new();

    /// <summary>
    /// Sees each resource request before it is served; throwing a <see cref="KubeApiException"/> answers with it (e.g.
    /// 403 Forbidden for a verb RBAC would refuse, 422 Invalid for an admission webhook's refusal).
    /// </summary>
    public Action<KubeRequest>? Intercept { get; set; }

    /// <summary>
    /// Alters each object a list or a watch event serves, in place, after the server's bookkeeping: objects a real
    /// server would not send (a malformed one), to show that a client survives them.
    /// </summary>
    public Action<JsonObject>? AlterServed { get; set; }

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

    /// <summary>
    /// Ends every open watch stream, as an API server does at a watch's timeout or when it restarts: the clients see
    /// their streams close and must watch again from the resourceVersion they reached.
    /// </summary>
    public void EndWatches() => Interlocked.Exchange(ref _endWatches, new CancellationTokenSource()).Cancel();

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
            var answer = _discovery.Answer(segments);
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
            ResourceVersion = query["resourceVersion"].ToString() is { Length: > 0 } resourceVersion ? resourceVersion : null,
        };
        _requests.Enqueue(request);
        Intercept?.Invoke(request);

        var selector = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        switch (verb)
        {
            case "get":
                await WriteAsync(context, 200, Store.Get(type, ns, name!));
                return;
            case "list":
                var (items, rv) = Store.List(type, ns, selector);
                var list = new JsonArray();
                foreach (var item in items.Where(fields.Matches))
                {
                    AlterServed?.Invoke(item);
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
                using (var ends = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, _endWatches.Token))
                {
                    await KubeWatchStream.StreamAsync(context, Store, type, ns, selector, fields, BookmarkInterval, AlterServed, (kind, version) => Bookmarks.Enqueue((kind, version)), ends.Token);
                }

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

    private static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(Compact));
    }
}
