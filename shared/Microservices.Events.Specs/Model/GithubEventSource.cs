namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's GithubEventSource: a webhook route for GitHub's deliveries (<c>webhook</c>), their HMAC secret, the event
/// types to accept, and the hooks to register through the GitHub API on <c>repositories</c> or <c>organizations</c>.
/// </summary>
public sealed record GithubEventSource
{
    public long? Id { get; init; }
    public WebhookEventSource? Webhook { get; init; }

    /// <summary>Legacy single repository: <c>owner</c> + <c>repository</c>.</summary>
    public string? Owner { get; init; }
    public string? Repository { get; init; }
    public IReadOnlyList<GithubRepositories>? Repositories { get; init; }
    public IReadOnlyList<string>? Organizations { get; init; }

    /// <summary>GitHub event types (<c>X-GitHub-Event</c>) accepted; <c>*</c> or none accepts every type.</summary>
    public IReadOnlyList<string>? Events { get; init; }
    public SecretKeySelector? ApiToken { get; init; }
    public GithubAppCredentials? GithubApp { get; init; }
    public SecretKeySelector? WebhookSecret { get; init; }
    public bool? Insecure { get; init; }
    public bool? Active { get; init; }

    /// <summary><c>json</c> or <c>form</c>: how GitHub is told to deliver (hook registration).</summary>
    public string? ContentType { get; init; }
    public string? GithubBaseURL { get; init; }
    public string? GithubUploadURL { get; init; }
    public bool? DeleteHookOnFinish { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }

    /// <summary>The repositories as (owner, name), the legacy pair included.</summary>
    public IEnumerable<(string Owner, string Name)> OwnedRepositories()
    {
        foreach (var group in Repositories ?? [])
        {
            foreach (var name in group.Names ?? [])
            {
                yield return (group.Owner ?? "", name);
            }
        }

        if (!string.IsNullOrEmpty(Owner) && !string.IsNullOrEmpty(Repository))
        {
            yield return (Owner, Repository);
        }
    }

    /// <summary>Hooks are registered, as in Argo, when API credentials and the public <c>webhook.url</c> are given.</summary>
    public bool RegistersHooks => (ApiToken is not null || GithubApp is not null) && !string.IsNullOrEmpty(Webhook?.Url);
}

/// <summary>Repositories of one owner.</summary>
public sealed record GithubRepositories
{
    public string? Owner { get; init; }
    public IReadOnlyList<string>? Names { get; init; }
}

/// <summary>GitHub App authentication: the app's private key (PEM, from a secret), its id and the installation id.</summary>
public sealed record GithubAppCredentials
{
    public SecretKeySelector? PrivateKey { get; init; }
    public long? AppID { get; init; }
    public long? InstallationID { get; init; }
}
