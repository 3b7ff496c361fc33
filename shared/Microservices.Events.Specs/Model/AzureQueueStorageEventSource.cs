namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's AzureQueueStorageEventSource: the queue (<c>queueName</c>) of the storage account named by
/// <c>connectionString</c> (a secret) or by <c>storageAccountName</c> (Azure AD credentials), <c>jsonBody</c>,
/// <c>decodeMessage</c> (the message text is base64), the wait between empty reads (<c>waitTimeInSeconds</c>, Argo's
/// default 3) and <c>dlq</c>: a message that cannot become an event is left on the queue instead of deleted.
/// </summary>
public sealed record AzureQueueStorageEventSource
{
    public string? StorageAccountName { get; init; }
    public SecretKeySelector? ConnectionString { get; init; }
    public string? QueueName { get; init; }
    public bool? JsonBody { get; init; }
    public bool? Dlq { get; init; }
    public bool? DecodeMessage { get; init; }
    public int? WaitTimeInSeconds { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
