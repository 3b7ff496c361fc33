namespace Microservices.Events.Specs.Model;

/// <summary>Argo's SlackEventSource: a webhook route for Slack's requests, the app's <c>signingSecret</c> and verification <c>token</c>.</summary>
public sealed record SlackEventSource
{
    public WebhookEventSource? Webhook { get; init; }
    public SecretKeySelector? SigningSecret { get; init; }
    public SecretKeySelector? Token { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
