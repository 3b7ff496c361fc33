using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microservices.Events.Kubernetes;

/// <summary>A line of a watch stream: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, and its object (a Status for ERROR).</summary>
public sealed record WatchLine(string Type, JsonObject Object);

/// <summary>The answer of the API server that a watch's resourceVersion is too old (410 Gone, reason Expired): list again.</summary>
public sealed class WatchExpiredException(string message) : Exception(message);

/// <summary>
/// The Kubernetes REST calls of the <c>resource</c> event source and the custom-resource spec catalog over the shared
/// <see cref="KubernetesConnection"/>: discovery of whether a resource is namespaced, list (<c>GET …?labelSelector=</c>),
/// watch (<c>GET …?watch=true</c>, one JSON object per line, with <c>resourceVersion</c>, <c>allowWatchBookmarks</c> and
/// <c>timeoutSeconds</c>) and a merge patch of an object's <c>status</c> subresource.
/// </summary>
public sealed class ResourceWatchClient(KubernetesConnection connection)
{
    /// <summary>How long the server keeps one watch open before the client opens the next from the last resourceVersion.</summary>
    public static readonly TimeSpan WatchPeriod = TimeSpan.FromMinutes(5);

    /// <summary>The collection path of the resource (in its namespace when it is namespaced and one is given).</summary>
    public async Task<string> CollectionAsync(string? group, string version, string resource, string? ns, CancellationToken ct)
    {
        var groupVersion = string.IsNullOrEmpty(group) ? $"api/{version}" : $"apis/{group}/{version}";
        JsonObject discovery;
        try
        {
            discovery = await GetAsync(groupVersion, ct);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"the API server does not serve {(string.IsNullOrEmpty(group) ? version : $"{group}/{version}")}");
        }

        var found = (discovery["resources"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(r => r["name"]?.GetValue<string>() == resource)
                    ?? throw new InvalidOperationException($"the API server has no resource \"{resource}\" in {(string.IsNullOrEmpty(group) ? version : $"{group}/{version}")}");
        var namespaced = found["namespaced"]?.GetValue<bool>() ?? true;
        return namespaced && !string.IsNullOrEmpty(ns) ? $"{groupVersion}/namespaces/{Uri.EscapeDataString(ns)}/{resource}" : $"{groupVersion}/{resource}";
    }

    /// <summary>The objects of the collection that match the selector, and the list's resourceVersion.</summary>
    public async Task<(IReadOnlyList<JsonObject> Items, string ResourceVersion)> ListAsync(string collection, string? labelSelector, CancellationToken ct)
    {
        var list = await GetAsync(collection + Query(("labelSelector", labelSelector)), ct);
        var kind = list["kind"]?.GetValue<string>() is { } k && k.EndsWith("List", StringComparison.Ordinal) ? k[..^4] : null;
        var apiVersion = list["apiVersion"]?.GetValue<string>();
        var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>().Select(i =>
        {
            var item = (JsonObject)i.DeepClone();
            // A list's items carry no apiVersion and kind on a real server; the body of an event does.
            if (item["kind"] is null && kind is not null)
            {
                item["kind"] = kind;
            }

            if (item["apiVersion"] is null && apiVersion is not null)
            {
                item["apiVersion"] = apiVersion;
            }

            return item;
        }).ToList();
        return (items, list["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "");
    }

    /// <summary>
    /// The changes after <paramref name="resourceVersion"/>, line by line, until the server ends the watch; calls
    /// <paramref name="opened"/> once the server answered.
    /// </summary>
    /// <exception cref="WatchExpiredException">The resourceVersion is too old (410 Gone).</exception>
    public async IAsyncEnumerable<WatchLine> WatchAsync(string collection, string? labelSelector, string resourceVersion, Action opened, [EnumeratorCancellation] CancellationToken ct, TimeSpan? period = null)
    {
        var watchPeriod = period ?? WatchPeriod;
        var path = collection + Query(("watch", "true"), ("allowWatchBookmarks", "true"), ("resourceVersion", resourceVersion),
            ("timeoutSeconds", ((int)Math.Max(1, watchPeriod.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("labelSelector", labelSelector));
        using var request = await connection.RequestAsync(HttpMethod.Get, path, ct);
        using var watchTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The server ends the watch at timeoutSeconds; a stream silent well beyond that is a dead connection.
        watchTimeout.CancelAfter(watchPeriod + TimeSpan.FromMinutes(1));
        using var response = await connection.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, watchTimeout.Token);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            throw new WatchExpiredException($"resourceVersion {resourceVersion} is too old");
        }

        await EnsureSuccessAsync(response, path, ct);
        opened();
        await using var stream = await response.Content.ReadAsStreamAsync(watchTimeout.Token);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(watchTimeout.Token) is { } text)
        {
            if (text.Length == 0)
            {
                continue;
            }

            var line = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("a watch line is not an object");
            var type = line["type"]?.GetValue<string>() ?? "";
            var obj = line["object"] as JsonObject ?? new JsonObject();
            if (type == "ERROR")
            {
                var code = obj["code"]?.GetValue<int>();
                var message = obj["message"]?.GetValue<string>() ?? "";
                if (code == 410 || obj["reason"]?.GetValue<string>() is "Expired" or "Gone")
                {
                    throw new WatchExpiredException(message);
                }

                throw new InvalidOperationException($"the watch failed: {code} {obj["reason"]}: {message}");
            }

            yield return new WatchLine(type, obj);
        }
    }

    /// <summary>
    /// Merge-patches the <c>status</c> subresource of <paramref name="name"/> in <paramref name="collection"/>; a
    /// <c>metadata.resourceVersion</c> in the patch makes it conditional. False when the server refuses it as out of date
    /// (409 Conflict): the watch brings the newer object.
    /// </summary>
    /// <exception cref="HttpRequestException">Any other refusal (403 without RBAC, 404 for a gone object or a kind without a status subresource).</exception>
    public async Task<bool> PatchStatusAsync(string collection, string name, JsonObject patch, CancellationToken ct)
    {
        var path = $"{collection}/{Uri.EscapeDataString(name)}/status";
        using var request = await connection.RequestAsync(HttpMethod.Patch, path, ct);
        request.Content = new StringContent(patch.ToJsonString(), System.Text.Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(connection.RequestTimeout);
        using var response = await connection.Http.SendAsync(request, timeout.Token);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        await EnsureSuccessAsync(response, $"PATCH {path}", ct);
        return true;
    }

    private async Task<JsonObject> GetAsync(string path, CancellationToken ct)
    {
        using var request = await connection.RequestAsync(HttpMethod.Get, path, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(connection.RequestTimeout);
        using var response = await connection.Http.SendAsync(request, timeout.Token);
        await EnsureSuccessAsync(response, path, ct);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject ?? new JsonObject();
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        string? message = null;
        try
        {
            message = JsonNode.Parse(text)?["message"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            // Not a Status object (a proxy's page): the status code says enough.
        }

        throw new HttpRequestException($"{(path.StartsWith("PATCH ", StringComparison.Ordinal) ? path : $"GET {path}")}: {(int)response.StatusCode} {response.ReasonPhrase}{(message is null ? "" : $": {message}")}", null, response.StatusCode);
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }
}
