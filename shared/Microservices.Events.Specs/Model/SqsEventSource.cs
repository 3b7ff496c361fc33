namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's SQSEventSource: the queue (by name, in <c>region</c>, optionally owned by <c>queueAccountId</c>), how long a
/// receive waits (<c>waitTimeSeconds</c>, 1-20, Argo's default 3), static credentials (<c>accessKey</c>, <c>secretKey</c>,
/// <c>sessionToken</c>) or a role to assume (<c>roleARN</c>), an <c>endpoint</c> other than AWS's, <c>jsonBody</c>, and
/// <c>dlq</c>: a message that cannot become an event is left on the queue for its redrive policy instead of deleted.
/// </summary>
public sealed record SqsEventSource
{
    public SecretKeySelector? AccessKey { get; init; }
    public SecretKeySelector? SecretKey { get; init; }
    public SecretKeySelector? SessionToken { get; init; }
    public string? Region { get; init; }
    public string? Queue { get; init; }
    public string? QueueAccountId { get; init; }
    public long? WaitTimeSeconds { get; init; }
    public string? RoleARN { get; init; }
    public bool? JsonBody { get; init; }
    public string? Endpoint { get; init; }
    public bool? Dlq { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
