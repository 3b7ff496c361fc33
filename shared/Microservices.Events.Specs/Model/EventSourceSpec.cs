using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>
/// The EventSource spec: one map per source kind, keyed by event name. A kind with a typed map runs (or is refused at
/// load by its validator); a kind whose map is still <see cref="JsonElement"/> is reported as not supported yet.
/// </summary>
public sealed record EventSourceSpec
{
    public IReadOnlyDictionary<string, WebhookEventSource>? Webhook { get; init; }
    public IReadOnlyDictionary<string, CalendarEventSource>? Calendar { get; init; }

    public IReadOnlyDictionary<string, GithubEventSource>? Github { get; init; }
    public IReadOnlyDictionary<string, GitlabEventSource>? Gitlab { get; init; }
    public IReadOnlyDictionary<string, BitbucketEventSource>? Bitbucket { get; init; }
    public IReadOnlyDictionary<string, BitbucketServerEventSource>? Bitbucketserver { get; init; }
    public IReadOnlyDictionary<string, GerritEventSource>? Gerrit { get; init; }
    public IReadOnlyDictionary<string, KafkaEventSource>? Kafka { get; init; }
    public IReadOnlyDictionary<string, AmqpEventSource>? Amqp { get; init; }
    public IReadOnlyDictionary<string, MqttEventSource>? Mqtt { get; init; }
    public IReadOnlyDictionary<string, NatsEventSource>? Nats { get; init; }
    public IReadOnlyDictionary<string, SqsEventSource>? Sqs { get; init; }
    public IReadOnlyDictionary<string, SnsEventSource>? Sns { get; init; }
    public IReadOnlyDictionary<string, PubSubEventSource>? PubSub { get; init; }
    public IReadOnlyDictionary<string, S3Artifact>? Minio { get; init; }
    public IReadOnlyDictionary<string, ResourceEventSource>? Resource { get; init; }
    public IReadOnlyDictionary<string, FileEventSource>? File { get; init; }
    public IReadOnlyDictionary<string, SftpEventSource>? Sftp { get; init; }
    public IReadOnlyDictionary<string, HdfsEventSource>? Hdfs { get; init; }
    public IReadOnlyDictionary<string, SlackEventSource>? Slack { get; init; }
    public IReadOnlyDictionary<string, StorageGridEventSource>? StorageGrid { get; init; }
    public IReadOnlyDictionary<string, StripeEventSource>? Stripe { get; init; }
    public IReadOnlyDictionary<string, AzureEventsHubEventSource>? AzureEventsHub { get; init; }
    public IReadOnlyDictionary<string, AzureServiceBusEventSource>? AzureServiceBus { get; init; }
    public IReadOnlyDictionary<string, AzureQueueStorageEventSource>? AzureQueueStorage { get; init; }
    public IReadOnlyDictionary<string, EmitterEventSource>? Emitter { get; init; }
    public IReadOnlyDictionary<string, RedisEventSource>? Redis { get; init; }
    public IReadOnlyDictionary<string, RedisStreamEventSource>? RedisStream { get; init; }
    public IReadOnlyDictionary<string, NsqEventSource>? Nsq { get; init; }
    public IReadOnlyDictionary<string, PulsarEventSource>? Pulsar { get; init; }
    public IReadOnlyDictionary<string, GenericEventSource>? Generic { get; init; }
    public IReadOnlyDictionary<string, MnsEventSource>? Mns { get; init; }

    /// <summary>This project's CloudEvents HTTP receiver; Argo Events has no such kind.</summary>
    public IReadOnlyDictionary<string, CloudEventsEventSource>? Cloudevents { get; init; }

    public string? EventBusName { get; init; }
    public int? Replicas { get; init; }
    public JsonElement? Template { get; init; }
    public JsonElement? Service { get; init; }

    /// <summary>Every source kind declared, by spec key (the property name in camelCase), with its number of events.</summary>
    public IEnumerable<(string Kind, int Events)> DeclaredKinds() =>
        KindProperties
            .Select(p => (p.Kind, Events: (p.Property.GetValue(this) as System.Collections.IEnumerable)?.Cast<object>().Count() ?? 0))
            .Where(k => k.Events > 0);

    /// <summary>Every source kind declared, by spec key, with the names of its events.</summary>
    public IEnumerable<(string Kind, IReadOnlyList<string> Events)> DeclaredEvents() =>
        KindProperties
            .Select(p => (p.Kind, Events: (IReadOnlyList<string>)(p.Property.GetValue(this) is { } map
                ? ((IEnumerable<string>)p.Property.PropertyType.GetProperty("Keys")!.GetValue(map)!).ToList()
                : [])))
            .Where(k => k.Events.Count > 0);

    /// <summary>
    /// The source kinds this project does not run yet, by spec key, with their event maps: those whose map is still
    /// untyped (<see cref="JsonElement"/> values). Typing a kind's map removes it from this list.
    /// </summary>
    public IEnumerable<(string Kind, IReadOnlyDictionary<string, JsonElement> Events)> UnsupportedKinds()
    {
        foreach (var (kind, property) in KindProperties)
        {
            if (property.PropertyType == typeof(IReadOnlyDictionary<string, JsonElement>)
                && property.GetValue(this) is IReadOnlyDictionary<string, JsonElement> { Count: > 0 } events)
            {
                yield return (kind, events);
            }
        }
    }

    private static readonly (string Kind, System.Reflection.PropertyInfo Property)[] KindProperties =
        typeof(EventSourceSpec).GetProperties()
            .Where(p => p.PropertyType.IsGenericType
                        && p.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)
                        && p.PropertyType.GetGenericArguments()[0] == typeof(string))
            .Select(p => (char.ToLowerInvariant(p.Name[0]) + p.Name[1..], p))
            .ToArray();
}
