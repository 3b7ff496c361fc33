using Amazon.SQS;
using Amazon.SQS.Model;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress.Sources.Sqs;

/// <summary>
/// The <c>sqs</c> kind: per event, long-polls its queue (up to 10 messages, <c>waitTimeSeconds</c> or Argo's 3 s, a
/// visibility timeout of <see cref="SqsOptions.VisibilityTimeoutSeconds"/>) and hands each message on. A message is
/// deleted only after the bus accepted its event (or the filter dropped it); one the bus refused is made visible again
/// after <see cref="SqsOptions.RefusedVisibilitySeconds"/>, with the rest of its batch, and received again. A body that
/// is not JSON under <c>jsonBody</c> is logged and counted, then deleted — or, with <c>dlq: true</c>, left on the queue
/// so that the queue's redrive policy moves it to its dead-letter queue. Event ids come from (region, queue owner,
/// queue, message id): a message received twice is published once.
/// </summary>
public sealed class SqsSource(EdgeServices services, SecretResolver secrets, IOptions<SqsOptions> options, TimeProvider time, ILogger<SqsSource> logger)
    : ConsumerSourceKind<SqsEventSource>(services, logger)
{
    public const string Name = "sqs";

    /// <summary>Argo's wait when <c>waitTimeSeconds</c> is not set.</summary>
    public const int DefaultWaitTimeSeconds = 3;

    public override string Kind => Name;

    public static void AddServices(IServiceCollection services) =>
        services.AddOptions<SqsOptions>().BindConfiguration(SqsOptions.Section).ValidateDataAnnotations().ValidateOnStart();

    protected override IReadOnlyDictionary<string, SqsEventSource>? EventsOf(EventSourceSpec spec) => spec.Sqs;

    /// <summary>The load-time findings: an event refused at load (e.g. with <c>roleARN</c>) is not consumed.</summary>
    protected override IEnumerable<SpecDiagnostic> Check(string path, SqsEventSource spec)
    {
        var diagnostics = new List<SpecDiagnostic>();
        SqsValidator.Validate(path, spec, diagnostics);
        return diagnostics;
    }

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, SqsEventSource spec, CancellationToken cancellationToken)
    {
        using var client = SqsClients.Create(spec, secrets);
        var url = (await client.GetQueueUrlAsync(new GetQueueUrlRequest
        {
            QueueName = spec.Queue,
            QueueOwnerAWSAccountId = string.IsNullOrEmpty(spec.QueueAccountId) ? null : spec.QueueAccountId,
        }, cancellationToken)).QueueUrl;
        listener.MarkConnected();
        var refusals = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = await client.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = url,
                MaxNumberOfMessages = 10,
                VisibilityTimeout = options.Value.VisibilityTimeoutSeconds,
                WaitTimeSeconds = spec.WaitTimeSeconds is > 0 and var wait ? (int)wait : DefaultWaitTimeSeconds,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["SentTimestamp"],
            }, cancellationToken);
            var messages = received.Messages ?? [];
            for (var i = 0; i < messages.Count; i++)
            {
                if (!await HandleAsync(client, url, listener, spec, messages[i], cancellationToken))
                {
                    await ReleaseAsync(client, url, messages.Skip(i), cancellationToken);
                    await Task.Delay(EdgeBackoff.Delay(refusals++), time, cancellationToken);
                    break;
                }

                refusals = 0;
            }
        }
    }

    /// <returns>False when the bus refused the event (the message stays on the queue).</returns>
    private async Task<bool> HandleAsync(IAmazonSQS client, string url, EdgeListener listener, SqsEventSource spec, Message message, CancellationToken cancellationToken)
    {
        var data = SqsEventData.From(message, spec.JsonBody == true, spec.Metadata, out var problem);
        if (data is null)
        {
            listener.Malformed($"queue {spec.Queue} message {message.MessageId}", problem!);
            if (spec.Dlq != true)
            {
                await DeleteAsync(client, url, message, cancellationToken);
            }

            return true;
        }

        var id = listener.IdFor(spec.Region ?? "", spec.QueueAccountId ?? "", spec.Queue ?? "", message.MessageId);
        var outcome = await listener.DeliverAsync(data.Value, id, spec.Filter?.Expression, cancellationToken);
        if (outcome == EdgeOutcome.Refused)
        {
            return false;
        }

        await DeleteAsync(client, url, message, cancellationToken);
        return true;
    }

    /// <summary>A delete that fails is logged: the message comes back after its visibility timeout and its event id is published once.</summary>
    private async Task DeleteAsync(IAmazonSQS client, string url, Message message, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = url, ReceiptHandle = message.ReceiptHandle }, cancellationToken);
        }
        catch (AmazonSQSException ex)
        {
            logger.LogWarning("sqs: message {MessageId} was handled but not deleted ({Error}); it will be received again", message.MessageId, ex.Message);
        }
    }

    /// <summary>Makes <paramref name="messages"/> visible again soon, so they are retried before their visibility timeout ends.</summary>
    private async Task ReleaseAsync(IAmazonSQS client, string url, IEnumerable<Message> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            try
            {
                await client.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest
                {
                    QueueUrl = url,
                    ReceiptHandle = message.ReceiptHandle,
                    VisibilityTimeout = options.Value.RefusedVisibilitySeconds,
                }, cancellationToken);
            }
            catch (AmazonSQSException ex)
            {
                logger.LogWarning("sqs: message {MessageId} stays invisible until its visibility timeout ends ({Error})", message.MessageId, ex.Message);
            }
        }
    }
}
