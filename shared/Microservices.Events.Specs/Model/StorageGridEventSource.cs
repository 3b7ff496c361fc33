namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's StorageGridEventSource: a webhook route receiving the bucket's S3 notifications (SNS-style form posts), kept
/// by <c>events</c> and the object-key <c>filter</c>; <c>topicArn</c>, <c>bucket</c>, <c>region</c>, <c>authToken</c>
/// and <c>apiURL</c> describe the bucket's notification configuration in StorageGRID.
/// </summary>
public sealed record StorageGridEventSource
{
    public WebhookEventSource? Webhook { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
    public StorageGridFilter? Filter { get; init; }
    public string? TopicArn { get; init; }
    public string? Bucket { get; init; }
    public string? Region { get; init; }
    public SecretKeySelector? AuthToken { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("apiURL")]
    public string? ApiUrl { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>StorageGRID's object-key filter.</summary>
public sealed record StorageGridFilter
{
    public string? Prefix { get; init; }
    public string? Suffix { get; init; }
}
