using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Bitbucket;

/// <summary>
/// The Bitbucket Server webhooks of the bitbucketserver events that register them (<c>accessToken</c> and
/// <c>webhook.url</c>, as in Argo), on their <c>projects</c> and <c>repositories</c>, through the REST API 1.0 at
/// <c>bitbucketserverBaseURL</c> (the <c>…/rest</c> root); see <see cref="HookRegistrations{TSpec}"/>.
/// </summary>
public sealed class BitbucketServerHooks(SecretResolver secrets, IngressTelemetry telemetry, ILogger<BitbucketServerHooks> logger)
    : HookRegistrations<BitbucketServerEventSource>(telemetry, logger)
{
    public const string Project = "project";
    public const string Repository = "repository";

    protected override string Kind => BitbucketServerSource.Name;

    protected override IEnumerable<(string Event, BitbucketServerEventSource Spec)> Registering(EventSource source) =>
        (source.Spec.Bitbucketserver ?? new Dictionary<string, BitbucketServerEventSource>())
            .Where(b => b.Value.AccessToken is not null && !string.IsNullOrEmpty(b.Value.Webhook?.Url) && !string.IsNullOrEmpty(b.Value.BitbucketserverBaseURL))
            .Select(b => (b.Key, b.Value));

    protected override IEnumerable<HookTarget> Targets(BitbucketServerEventSource spec)
    {
        foreach (var project in spec.Projects ?? [])
        {
            yield return new HookTarget(Project, project);
        }

        foreach (var repository in spec.Repositories ?? [])
        {
            if (repository.ValueKind == JsonValueKind.Object
                && repository.TryGetProperty("projectKey", out var key) && repository.TryGetProperty("repositorySlug", out var slug))
            {
                yield return new HookTarget(Repository, $"{key.GetString()}/{slug.GetString()}");
            }
        }

        if (!string.IsNullOrEmpty(spec.ProjectKey) && !string.IsNullOrEmpty(spec.RepositorySlug))
        {
            yield return new HookTarget(Repository, $"{spec.ProjectKey}/{spec.RepositorySlug}");
        }
    }

    protected override bool DeleteOnFinish(BitbucketServerEventSource spec) => spec.DeleteHookOnFinish == true;

    protected override Task<IHookSession> ConnectAsync(string path, BitbucketServerEventSource spec)
    {
        var token = secrets.Resolve(spec.AccessToken) ?? throw new InvalidOperationException($"{path}.accessToken: secret {spec.AccessToken?.Name}/{spec.AccessToken?.Key} cannot be resolved");
        var secret = spec.WebhookSecret is null ? null : secrets.Resolve(spec.WebhookSecret)
            ?? throw new InvalidOperationException($"{path}.webhookSecret: secret {spec.WebhookSecret.Name}/{spec.WebhookSecret.Key} cannot be resolved");
        return Task.FromResult<IHookSession>(new Session(spec, token, secret));
    }

    /// <summary>Bitbucket Server's webhooks API: the hook delivering to the event's URL is found by URL (paged list), else created.</summary>
    private sealed class Session(BitbucketServerEventSource spec, string token, string? secret) : IHookSession
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

        private string Url => (spec.Webhook!.Url ?? "").TrimEnd('/') + spec.Webhook.Endpoint;

        public async Task<(long Id, bool Created)> EnsureAsync(HookTarget target)
        {
            for (var start = 0; ;)
            {
                var page = await SendAsync(HttpMethod.Get, $"{Hooks(target)}?start={start}&limit=100", null);
                if (page["values"]?.AsArray().OfType<JsonObject>().FirstOrDefault(h => h["url"]?.GetValue<string>() == Url) is { } existing)
                {
                    return (existing["id"]!.GetValue<long>(), false);
                }

                if (page["isLastPage"]?.GetValue<bool>() != false || page["nextPageStart"] is null)
                {
                    break;
                }

                start = page["nextPageStart"]!.GetValue<int>();
            }

            var hook = new JsonObject
            {
                ["name"] = "Argo Events",
                ["url"] = Url,
                ["active"] = true,
                ["events"] = new JsonArray((spec.Events ?? []).Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
                ["configuration"] = secret is null ? new JsonObject() : new JsonObject { ["secret"] = secret },
            };
            var created = await SendAsync(HttpMethod.Post, Hooks(target), hook);
            return (created["id"]!.GetValue<long>(), true);
        }

        public async Task DeleteAsync(HookTarget target, long id) => await SendAsync(HttpMethod.Delete, $"{Hooks(target)}/{id}", null);

        private string Hooks(HookTarget target)
        {
            var root = spec.BitbucketserverBaseURL!.TrimEnd('/') + "/api/1.0/projects/";
            if (target.Scope == Project)
            {
                return $"{root}{Uri.EscapeDataString(target.Name)}/webhooks";
            }

            var slash = target.Name.IndexOf('/', StringComparison.Ordinal);
            return $"{root}{Uri.EscapeDataString(target.Name[..slash])}/repos/{Uri.EscapeDataString(target.Name[(slash + 1)..])}/webhooks";
        }

        private async Task<JsonObject> SendAsync(HttpMethod method, string url, JsonObject? body)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            using var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Bitbucket Server answered {(int)response.StatusCode} to {method} {request.RequestUri?.AbsolutePath}: {(text.Length > 200 ? text[..200] : text)}");
            }

            return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        }
    }
}
