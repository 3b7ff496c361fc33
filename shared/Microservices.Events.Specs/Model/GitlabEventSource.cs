namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's GitlabEventSource: a webhook route for GitLab's deliveries (<c>webhook</c>), the <c>secretToken</c> GitLab
/// sends in <c>X-Gitlab-Token</c>, the hook events (<c>PushEvents</c>, …) and the project or group hooks to register
/// through the GitLab API with <c>accessToken</c> at <c>gitlabBaseURL</c>.
/// </summary>
public sealed record GitlabEventSource
{
    public WebhookEventSource? Webhook { get; init; }

    /// <summary>Legacy single project id.</summary>
    public string? ProjectID { get; init; }

    /// <summary>Project ids or paths (<c>group/project</c>).</summary>
    public IReadOnlyList<string>? Projects { get; init; }
    public IReadOnlyList<string>? Groups { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
    public SecretKeySelector? AccessToken { get; init; }
    public SecretKeySelector? SecretToken { get; init; }
    public bool? EnableSSLVerification { get; init; }
    public string? GitlabBaseURL { get; init; }
    public bool? DeleteHookOnFinish { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }

    /// <summary>The projects, the legacy <c>projectID</c> included.</summary>
    public IEnumerable<string> AllProjects() =>
        (Projects ?? []).Concat(string.IsNullOrEmpty(ProjectID) ? [] : [ProjectID]).Distinct(StringComparer.Ordinal);

    /// <summary>Hooks are registered, as in Argo, when an <c>accessToken</c> and the public <c>webhook.url</c> are given.</summary>
    public bool RegistersHooks => AccessToken is not null && !string.IsNullOrEmpty(Webhook?.Url);
}
