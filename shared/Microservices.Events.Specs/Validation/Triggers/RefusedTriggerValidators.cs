using System.Globalization;
using System.Text.RegularExpressions;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>
/// The kinds whose every field is checked but that cannot run here: no Azure Event Hubs or Service Bus and no Pulsar
/// server can be started where this project is built and tested (and no Pulsar client library is available to it), so
/// a trigger of these kinds is refused when its sensor loads, after its fields were checked, never at firing time.
/// </summary>
public static partial class RefusedTriggerValidators
{
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["azureEventHubs"] = "no Event Hubs server can run where this project is built and tested, so it sends nothing to one",
        ["azureServiceBus"] = "no Service Bus server can run where this project is built and tested, so it sends nothing to one",
        ["pulsar"] = "no Pulsar client library is available to this project and no Pulsar server can run where it is built and tested",
    };

    /// <summary>The error that refuses a kind at <c>spec.triggers[i].template.{kind}</c>.</summary>
    public static string Refusal(string kind) => $"trigger kind \"{kind}\" is refused: {Reasons[kind]}";

    public static void EventHubs(TriggerKindCheck check)
    {
        if (check.Bind<AzureEventHubsTrigger>() is { } hubs)
        {
            var problems = new List<FieldProblem>();
            if (string.IsNullOrWhiteSpace(hubs.Fqdn))
            {
                problems.Add(new("fqdn", "required: the namespace's host name, <namespace>.servicebus.windows.net"));
            }
            else if (Uri.CheckHostName(hubs.Fqdn) != UriHostNameType.Dns)
            {
                problems.Add(new("fqdn", $"\"{hubs.Fqdn}\" is not a host name"));
            }

            problems.AddRange(EntityName("hubName", hubs.HubName, required: true));
            problems.AddRange(SecretProblems.Of("sharedAccessKeyName", hubs.SharedAccessKeyName, required: true));
            problems.AddRange(SecretProblems.Of("sharedAccessKey", hubs.SharedAccessKey, required: true));
            Finish(check, problems, hubs.Payload, hubs.Parameters);
        }

        check.Error("", Refusal(check.Kind));
    }

    public static void ServiceBus(TriggerKindCheck check)
    {
        if (check.Bind<AzureServiceBusTrigger>() is { } bus)
        {
            var problems = new List<FieldProblem>();
            problems.AddRange(SecretProblems.Of("connectionString", bus.ConnectionString, required: true));
            var hasQueue = !string.IsNullOrEmpty(bus.QueueName);
            var hasTopic = !string.IsNullOrEmpty(bus.TopicName);
            if (hasQueue == hasTopic)
            {
                problems.Add(new("queueName", hasQueue ? "queueName and topicName exclude each other" : "required: queueName, or topicName"));
            }

            problems.AddRange(EntityName("queueName", bus.QueueName, required: false));
            problems.AddRange(EntityName("topicName", bus.TopicName, required: false));
            problems.AddRange(EntityName("subscriptionName", bus.SubscriptionName, required: false));
            if (hasQueue && !string.IsNullOrEmpty(bus.SubscriptionName))
            {
                problems.Add(new("subscriptionName", "only with topicName"));
            }

            problems.AddRange(TlsProblems.Of("tls", bus.Tls));
            Finish(check, problems, bus.Payload, bus.Parameters);
        }

        check.Error("", Refusal(check.Kind));
    }

    public static void Pulsar(TriggerKindCheck check)
    {
        if (check.Bind<PulsarTrigger>() is { } pulsar)
        {
            var problems = new List<FieldProblem>();
            if (string.IsNullOrWhiteSpace(pulsar.Url))
            {
                problems.Add(new("url", "required"));
            }
            else if (!Uri.TryCreate(pulsar.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("pulsar" or "pulsar+ssl"))
            {
                problems.Add(new("url", $"\"{pulsar.Url}\" is not a pulsar:// or pulsar+ssl:// URL"));
            }

            if (string.IsNullOrWhiteSpace(pulsar.Topic))
            {
                problems.Add(new("topic", "required"));
            }
            else if (!PulsarTopic().IsMatch(pulsar.Topic))
            {
                problems.Add(new("topic", $"\"{pulsar.Topic}\" is not a topic name or persistent://tenant/namespace/topic"));
            }

            problems.AddRange(SecretProblems.Of("tlsTrustCertsSecret", pulsar.TlsTrustCertsSecret, required: false));
            problems.AddRange(SecretProblems.Of("authTokenSecret", pulsar.AuthTokenSecret, required: false));
            problems.AddRange(SecretProblems.Of("authAthenzSecret", pulsar.AuthAthenzSecret, required: false));
            if ((pulsar.AuthAthenzParams is { Count: > 0 }) != (pulsar.AuthAthenzSecret is not null))
            {
                problems.Add(new(pulsar.AuthAthenzSecret is null ? "authAthenzSecret" : "authAthenzParams", "authAthenzParams and authAthenzSecret go together"));
            }

            if (pulsar.AuthTokenSecret is not null && pulsar.AuthAthenzSecret is not null)
            {
                problems.Add(new("authTokenSecret", "either a token or Athenz authenticates, not both"));
            }

            problems.AddRange(TlsProblems.Of("tls", pulsar.Tls));
            problems.AddRange(BackoffProblems.Of("connectionBackoff", pulsar.ConnectionBackoff));

            Finish(check, problems, pulsar.Payload, pulsar.Parameters);
        }

        check.Error("", Refusal(check.Kind));
    }

    private static void Finish(TriggerKindCheck check, List<FieldProblem> problems, IReadOnlyList<TriggerParameter>? payload, IReadOnlyList<TriggerParameter>? parameters)
    {
        if (payload is null)
        {
            problems.Add(new("payload", "required: the message is built from payload parameters"));
        }

        check.Report(problems);
        check.Parameters("payload", payload, destRequired: true);
        check.Parameters("parameters", parameters, destRequired: true);
    }

    /// <summary>An Event Hub, queue, topic or subscription name: 1 to 260 of letters, digits, <c>. - _ /</c>, starting and ending with a letter or digit.</summary>
    private static IEnumerable<FieldProblem> EntityName(string field, string? name, bool required)
    {
        if (string.IsNullOrEmpty(name))
        {
            if (required)
            {
                yield return new(field, "required");
            }
        }
        else if (!EntityPattern().IsMatch(name) || name.Length > 260)
        {
            yield return new(field, $"\"{name}\" is not a name of letters, digits, . - _ / (starting and ending with a letter or digit)");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$")]
    private static partial Regex EntityPattern();

    [GeneratedRegex(@"^((persistent|non-persistent)://[\w.-]+/[\w.-]+/[\w.:-]+|[\w.:-]+)$")]
    private static partial Regex PulsarTopic();
}
