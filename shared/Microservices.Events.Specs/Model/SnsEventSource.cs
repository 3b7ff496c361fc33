namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's SNSEventSource: a webhook route SNS delivers to, the topic, and AWS settings Argo uses to subscribe the
/// route (<c>region</c>, <c>accessKey</c>, <c>secretKey</c>, <c>roleARN</c>, <c>endpoint</c>); <c>validateSignature</c>
/// checks each message's signature against the certificate at its <c>SigningCertURL</c>.
/// </summary>
public sealed record SnsEventSource
{
    public WebhookEventSource? Webhook { get; init; }
    public string? TopicArn { get; init; }
    public string? Region { get; init; }
    public SecretKeySelector? AccessKey { get; init; }
    public SecretKeySelector? SecretKey { get; init; }
    public string? RoleARN { get; init; }
    public string? Endpoint { get; init; }
    public bool? ValidateSignature { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
