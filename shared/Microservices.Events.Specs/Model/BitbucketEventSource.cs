using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>Argo's BitbucketEventSource (Bitbucket Cloud): a webhook route, the repositories and events of the hooks it registers, their auth.</summary>
public sealed record BitbucketEventSource
{
    public WebhookEventSource? Webhook { get; init; }
    public JsonElement? Auth { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
    public string? Owner { get; init; }
    public string? ProjectKey { get; init; }
    public string? RepositorySlug { get; init; }
    public IReadOnlyList<JsonElement>? Repositories { get; init; }
    public bool? DeleteHookOnFinish { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>Argo's BitbucketServerEventSource: a webhook route, the HMAC <c>webhookSecret</c>, events, and the hooks it registers.</summary>
public sealed record BitbucketServerEventSource
{
    public WebhookEventSource? Webhook { get; init; }
    public string? ProjectKey { get; init; }
    public string? RepositorySlug { get; init; }
    public IReadOnlyList<string>? Projects { get; init; }
    public IReadOnlyList<JsonElement>? Repositories { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
    public bool? SkipBranchRefsChangedOnOpenPR { get; init; }
    public bool? OneEventPerChange { get; init; }
    public SecretKeySelector? AccessToken { get; init; }
    public SecretKeySelector? WebhookSecret { get; init; }
    public string? BitbucketserverBaseURL { get; init; }
    public bool? DeleteHookOnFinish { get; init; }
    public JsonElement? Tls { get; init; }
    public string? CheckInterval { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
