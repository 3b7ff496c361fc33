using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Kubernetes;

namespace Microservices.Events.TriggerDispatch.Executors.K8s;

/// <summary>
/// The Kubernetes REST calls the resource triggers make, on any kind: discovery of a kind's resource from its apiVersion
/// (cached; looked up again when a kind is missing, e.g. a CRD installed later), get, create, update, patch, delete.
/// Requests go through KubernetesClient's HTTP client and credentials; an error answer throws
/// <see cref="KubernetesApiException"/> with the server's Status reason and message.
/// </summary>
public sealed class KubernetesApi(KubernetesConnection connection)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<ResourceRef>> _discovery = new(StringComparer.Ordinal);

    public string DefaultNamespace => connection.Get().Namespace;

    /// <summary>The resource of <paramref name="kind"/> in <paramref name="apiVersion"/>, found by discovery.</summary>
    public async Task<ResourceRef> ResolveAsync(string apiVersion, string kind, CancellationToken cancellationToken)
    {
        for (var fresh = 0; fresh < 2; fresh++)
        {
            if (fresh == 1 || !_discovery.TryGetValue(apiVersion, out var resources))
            {
                resources = await DiscoverAsync(apiVersion, cancellationToken);
                _discovery[apiVersion] = resources;
            }

            if (resources.FirstOrDefault(r => r.Kind == kind) is { } found)
            {
                return found;
            }
        }

        throw new KubernetesApiException(HttpStatusCode.NotFound, "NotFound", $"the server has no kind \"{kind}\" in {apiVersion}");
    }

    public Task<JsonObject> GetAsync(ResourceRef r, string? ns, string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, r.Item(ns, name), null, null, ct);

    public async Task<JsonObject?> FindAsync(ResourceRef r, string? ns, string name, CancellationToken ct)
    {
        try
        {
            return await GetAsync(r, ns, name, ct);
        }
        catch (KubernetesApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<JsonObject> CreateAsync(ResourceRef r, string? ns, JsonObject obj, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, r.Collection(ns), obj, "application/json", ct);

    public Task<JsonObject> UpdateAsync(ResourceRef r, string? ns, string name, JsonObject obj, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, r.Item(ns, name), obj, "application/json", ct);

    /// <summary>PATCH with the given content type; server-side apply (<c>application/apply-patch+yaml</c>) as field manager <c>argo-events</c>.</summary>
    public Task<JsonObject> PatchAsync(ResourceRef r, string? ns, string name, JsonNode patch, string contentType, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, r.Item(ns, name) + (contentType.StartsWith("application/apply-patch", StringComparison.Ordinal) ? "?fieldManager=argo-events" : ""), patch, contentType, ct);

    public Task<JsonObject> DeleteAsync(ResourceRef r, string? ns, string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, r.Item(ns, name), null, null, ct);

    private async Task<IReadOnlyList<ResourceRef>> DiscoverAsync(string apiVersion, CancellationToken ct)
    {
        var slash = apiVersion.IndexOf('/');
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        JsonObject list;
        try
        {
            list = await SendAsync(HttpMethod.Get, group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}", null, null, ct);
        }
        catch (KubernetesApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            throw new KubernetesApiException(HttpStatusCode.NotFound, "NotFound", $"the server does not serve apiVersion {apiVersion}");
        }

        return (list["resources"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(r => r["name"]?.GetValue<string>() is { } name && !name.Contains('/'))
            .Select(r => new ResourceRef(group, version, r["kind"]?.GetValue<string>() ?? "", r["name"]!.GetValue<string>(), r["namespaced"]?.GetValue<bool>() ?? true))
            .ToList();
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body, string? contentType, CancellationToken ct)
    {
        using var request = await connection.RequestAsync(method, path, ct);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(connection.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await connection.Http.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new KubernetesApiException(HttpStatusCode.GatewayTimeout, "Timeout", $"{method} {path}: no answer within {connection.RequestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            throw new KubernetesApiException(HttpStatusCode.ServiceUnavailable, "Unreachable", $"{method} {path}: {ex.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? json = null;
            try
            {
                json = text.Length > 0 ? JsonNode.Parse(text) : null;
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON (a proxy's error page): reported below by status.
            }

            if (!response.IsSuccessStatusCode)
            {
                var reason = json?["reason"]?.GetValue<string>() ?? response.ReasonPhrase ?? "";
                var message = json?["message"]?.GetValue<string>() ?? (text.Length > 200 ? text[..200] : text);
                throw new KubernetesApiException(response.StatusCode, reason, message);
            }

            return json as JsonObject ?? new JsonObject();
        }
    }
}
