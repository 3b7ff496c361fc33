using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress.Sources.AzureQueueStorage;

/// <summary>
/// The <c>azureQueueStorage</c> kind: per event, receives up to 32 messages at a time from its queue (the storage
/// account of <c>connectionString</c>; a visibility timeout of <see cref="AzureQueueStorageOptions.VisibilityTimeoutSeconds"/>),
/// waiting <c>waitTimeInSeconds</c> (Argo's 3 s) after an empty read, and hands each message on. A message is deleted
/// only after the bus accepted its event (or the filter dropped it); one the bus refused is made visible again after
/// <see cref="AzureQueueStorageOptions.RefusedVisibilitySeconds"/>, with the rest of its batch, and received again. A
/// message that is not base64 under <c>decodeMessage</c> or not JSON under <c>jsonBody</c> is logged and counted, then
/// deleted — or, with <c>dlq: true</c>, left on the queue (it comes back after each visibility timeout, its dequeue
/// count rising, for whatever moves poison messages aside). Event ids come from (account, queue, message id): a message
/// received twice is published once.
/// </summary>
public sealed class AzureQueueStorageSource(EdgeServices services, SecretResolver secrets, IOptions<AzureQueueStorageOptions> options, TimeProvider time,
    ILogger<AzureQueueStorageSource> logger)
    : ConsumerSourceKind<AzureQueueStorageEventSource>(services, logger)
{
    public const string Name = "azureQueueStorage";

    /// <summary>Argo's wait after an empty read when <c>waitTimeInSeconds</c> is not set.</summary>
    public const int DefaultWaitTimeSeconds = 3;

    /// <summary>The most messages one receive returns.</summary>
    public const int BatchSize = 32;

    public override string Kind => Name;

    public static void AddServices(IServiceCollection services) =>
        services.AddOptions<AzureQueueStorageOptions>().BindConfiguration(AzureQueueStorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();

    protected override IReadOnlyDictionary<string, AzureQueueStorageEventSource>? EventsOf(EventSourceSpec spec) => spec.AzureQueueStorage;

    /// <summary>The load-time findings: an event refused at load (e.g. Azure AD sign-in) is not consumed.</summary>
    protected override IEnumerable<SpecDiagnostic> Check(string path, AzureQueueStorageEventSource spec)
    {
        var diagnostics = new List<SpecDiagnostic>();
        AzureQueueStorageValidator.Validate(path, spec, diagnostics);
        return diagnostics;
    }

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, AzureQueueStorageEventSource spec, CancellationToken cancellationToken)
    {
        var connectionString = secrets.Resolve(spec.ConnectionString) is { Length: > 0 } value
            ? value.Trim()
            : throw new InvalidOperationException($"connectionString: secret {spec.ConnectionString?.Name}/{spec.ConnectionString?.Key} not found");
        var clientOptions = new QueueClientOptions();
        clientOptions.Retry.MaxRetries = 1;
        var client = new QueueClient(connectionString, spec.QueueName, clientOptions);
        await client.GetPropertiesAsync(cancellationToken);
        listener.MarkConnected();
        var wait = TimeSpan.FromSeconds(spec.WaitTimeInSeconds is > 0 and var seconds ? seconds : DefaultWaitTimeSeconds);
        var visibility = TimeSpan.FromSeconds(options.Value.VisibilityTimeoutSeconds);
        var refusals = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            QueueMessage[] messages = (await client.ReceiveMessagesAsync(BatchSize, visibility, cancellationToken)).Value;
            if (messages.Length == 0)
            {
                await Task.Delay(wait, time, cancellationToken);
                continue;
            }

            for (var i = 0; i < messages.Length; i++)
            {
                if (!await HandleAsync(client, listener, spec, messages[i], cancellationToken))
                {
                    await ReleaseAsync(client, messages.Skip(i), cancellationToken);
                    await Task.Delay(EdgeBackoff.Delay(refusals++), time, cancellationToken);
                    break;
                }

                refusals = 0;
            }
        }
    }

    /// <returns>False when the bus refused the event (the message stays on the queue).</returns>
    private async Task<bool> HandleAsync(QueueClient client, EdgeListener listener, AzureQueueStorageEventSource spec, QueueMessage message, CancellationToken cancellationToken)
    {
        var data = AzureQueueEventData.From(message.MessageId, message.InsertedOn, message.Body?.ToString() ?? "", spec.JsonBody == true, spec.DecodeMessage == true,
            spec.Metadata, out var problem);
        if (data is null)
        {
            listener.Malformed($"account {client.AccountName} queue {client.Name} message {message.MessageId}", problem!);
            if (spec.Dlq != true)
            {
                await DeleteAsync(client, message, cancellationToken);
            }

            return true;
        }

        var id = listener.IdFor(client.AccountName, client.Name, message.MessageId);
        var outcome = await listener.DeliverAsync(data.Value, id, spec.Filter?.Expression, cancellationToken);
        if (outcome == EdgeOutcome.Refused)
        {
            return false;
        }

        await DeleteAsync(client, message, cancellationToken);
        return true;
    }

    /// <summary>A delete that fails is logged: the message comes back after its visibility timeout and its event id is published once.</summary>
    private async Task DeleteAsync(QueueClient client, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning("azureQueueStorage: message {MessageId} was handled but not deleted ({Error}); it will be received again", message.MessageId, ex.Message);
        }
    }

    /// <summary>Makes <paramref name="messages"/> visible again soon, so they are retried before their visibility timeout ends.</summary>
    private async Task ReleaseAsync(QueueClient client, IEnumerable<QueueMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            try
            {
                await client.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(options.Value.RefusedVisibilitySeconds),
                    cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex)
            {
                logger.LogWarning("azureQueueStorage: message {MessageId} stays invisible until its visibility timeout ends ({Error})", message.MessageId, ex.Message);
            }
        }
    }
}
