using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Gitlab;

/// <summary>
/// GitLab's REST API v4 for one gitlab event, authenticated with its access token (<c>PRIVATE-TOKEN</c>) at
/// <c>gitlabBaseURL</c> (default gitlab.com): finds the hook delivering to the event's URL on a project or group
/// (as Argo, by URL), creates it with the event's settings, deletes it.
/// </summary>
public sealed class GitlabHookClient(GitlabEventSource spec, string accessToken, string? secretToken) : IHookSession
{
    public const string Project = "project";
    public const string Group = "group";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(long Id, bool Created)> EnsureAsync(HookTarget target)
    {
        var url = GitlabHookSettings.DeliveryUrl(spec.Webhook!);
        using var list = Request(HttpMethod.Get, Hooks(target));
        var hooks = await SendAsync<JsonArray>(list);
        if (hooks.OfType<JsonObject>().FirstOrDefault(h => h["url"]?.GetValue<string>() == url) is { } existing)
        {
            return (existing["id"]!.GetValue<long>(), false);
        }

        using var create = Request(HttpMethod.Post, Hooks(target));
        create.Content = JsonContent.Create(GitlabHookSettings.Body(spec, secretToken));
        var created = await SendAsync<JsonObject>(create);
        return (created["id"]!.GetValue<long>(), true);
    }

    public async Task DeleteAsync(HookTarget target, long id)
    {
        using var delete = Request(HttpMethod.Delete, $"{Hooks(target)}/{id}");
        using var response = await Http.SendAsync(delete);
        await EnsureSuccessAsync(response);
    }

    private string Hooks(HookTarget target) =>
        $"{GitlabHookSettings.ApiRoot(spec)}{(target.Scope == Group ? "groups" : "projects")}/{Uri.EscapeDataString(target.Name)}/hooks";

    private HttpRequestMessage Request(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("PRIVATE-TOKEN", accessToken);
        return request;
    }

    private static async Task<T> SendAsync<T>(HttpRequestMessage request) where T : JsonNode
    {
        using var response = await Http.SendAsync(request);
        await EnsureSuccessAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonNode>()) as T ?? throw new InvalidOperationException($"GitLab answered {request.Method} {request.RequestUri?.AbsolutePath} with an unexpected body");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            var message = body.Length > 200 ? body[..200] : body;
            throw new InvalidOperationException($"GitLab answered {(int)response.StatusCode} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {message}");
        }
    }
}
