namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's GerritEventSource: a webhook route, and the hook <c>hookName</c> registered on each of <c>projects</c> through
/// the webhooks plugin of the Gerrit REST API at <c>gerritBaseURL</c> (basic <c>auth</c>), for <c>events</c>.
/// </summary>
public sealed record GerritEventSource
{
    public WebhookEventSource? Webhook { get; init; }
    public string? HookName { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
    public GerritAuth? Auth { get; init; }
    public string? GerritBaseURL { get; init; }
    public bool? DeleteHookOnFinish { get; init; }
    public IReadOnlyList<string>? Projects { get; init; }
    public bool? SslVerify { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>Basic authentication from two secrets.</summary>
public sealed record GerritAuth
{
    public SecretKeySelector? Username { get; init; }
    public SecretKeySelector? Password { get; init; }
}
