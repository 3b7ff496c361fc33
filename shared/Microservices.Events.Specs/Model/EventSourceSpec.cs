using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>
/// The EventSource spec: one map per source kind, keyed by event name. Webhook, calendar, github, gitlab, slack, stripe, sns, bitbucket and bitbucketserver run;
/// every other kind is recognised by name and reported as not supported yet.
/// </summary>
public sealed record EventSourceSpec
{
    public IReadOnlyDictionary<string, WebhookEventSource>? Webhook { get; init; }
    public IReadOnlyDictionary<string, CalendarEventSource>? Calendar { get; init; }

    public IReadOnlyDictionary<string, GithubEventSource>? Github { get; init; }
    public IReadOnlyDictionary<string, GitlabEventSource>? Gitlab { get; init; }
    public IReadOnlyDictionary<string, BitbucketEventSource>? Bitbucket { get; init; }
    public IReadOnlyDictionary<string, BitbucketServerEventSource>? Bitbucketserver { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Gerrit { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Kafka { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Amqp { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Mqtt { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Nats { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Sqs { get; init; }
    public IReadOnlyDictionary<string, SnsEventSource>? Sns { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? PubSub { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Minio { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Resource { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? File { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Sftp { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Hdfs { get; init; }
    public IReadOnlyDictionary<string, SlackEventSource>? Slack { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? StorageGrid { get; init; }
    public IReadOnlyDictionary<string, StripeEventSource>? Stripe { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? AzureEventsHub { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? AzureServiceBus { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? AzureQueueStorage { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Emitter { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Redis { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? RedisStream { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Nsq { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Pulsar { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Generic { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Mns { get; init; }

    /// <summary>This project's CloudEvents HTTP receiver; Argo Events has no such kind.</summary>
    public IReadOnlyDictionary<string, CloudEventsEventSource>? Cloudevents { get; init; }

    public string? EventBusName { get; init; }
    public int? Replicas { get; init; }
    public JsonElement? Template { get; init; }
    public JsonElement? Service { get; init; }

    /// <summary>The source kinds this project does not run yet, by spec key, with their event maps.</summary>
    public IEnumerable<(string Kind, IReadOnlyDictionary<string, JsonElement> Events)> UnsupportedKinds()
    {
        (string, IReadOnlyDictionary<string, JsonElement>?)[] all =
        [
            ("gerrit", Gerrit), ("kafka", Kafka), ("amqp", Amqp), ("mqtt", Mqtt), ("nats", Nats), ("sqs", Sqs),
            ("pubSub", PubSub), ("minio", Minio), ("resource", Resource), ("file", File),
            ("sftp", Sftp), ("hdfs", Hdfs), ("storageGrid", StorageGrid),
            ("azureEventsHub", AzureEventsHub), ("azureServiceBus", AzureServiceBus),
            ("azureQueueStorage", AzureQueueStorage), ("emitter", Emitter), ("redis", Redis),
            ("redisStream", RedisStream), ("nsq", Nsq), ("pulsar", Pulsar), ("generic", Generic), ("mns", Mns),
        ];
        foreach (var (kind, events) in all)
        {
            if (events is { Count: > 0 })
            {
                yield return (kind, events);
            }
        }
    }
}
