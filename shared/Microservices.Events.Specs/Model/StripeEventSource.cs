namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's StripeEventSource: a webhook route for Stripe's events and the event types to take (<c>eventFilter</c>);
/// <c>createWebhook</c>/<c>apiKey</c> ask Argo to create the endpoint on Stripe. <c>signingSecret</c> (the endpoint's
/// <c>whsec_…</c> secret) and <c>signatureToleranceSeconds</c> are this project's extension: Argo does not verify
/// <c>Stripe-Signature</c>.
/// </summary>
public sealed record StripeEventSource
{
    public WebhookEventSource? Webhook { get; init; }
    public bool? CreateWebhook { get; init; }
    public SecretKeySelector? ApiKey { get; init; }
    public IReadOnlyList<string>? EventFilter { get; init; }

    /// <summary>Where Argo looked up <c>apiKey</c>; not used here (secrets come from <c>Secrets:</c>).</summary>
    public string? Namespace { get; init; }
    public SecretKeySelector? SigningSecret { get; init; }
    public int? SignatureToleranceSeconds { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }

    public const int DefaultToleranceSeconds = 300;
}
