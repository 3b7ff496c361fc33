using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>
/// The event-source kinds whose fields are checked but that cannot run here: each is refused at load, by name and with
/// the reason, after its required fields were checked with their paths (never at run time).
/// </summary>
public static class RefusedEventSourceValidator
{
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pubSub"] = "no Google Cloud Pub/Sub client library is available to this project and no Pub/Sub server can run where it is built and tested",
        ["azureEventsHub"] = "no Event Hubs server can run where this project is built and tested, so it consumes from none",
        ["azureServiceBus"] = "no Service Bus server can run where this project is built and tested, so it consumes from none",
        ["pulsar"] = "no Pulsar client library is available to this project and no Pulsar server can run where it is built and tested",
        ["emitter"] = "no Emitter client library is available to this project and no Emitter broker can run where it is built and tested",
        ["nsq"] = "no NSQ client library is available to this project and no nsqd can run where it is built and tested",
        ["sftp"] = "no SFTP server can run where this project is built and tested, so it polls none",
        ["mns"] = "no Alibaba Cloud MNS client library is available to this project and no MNS server can run where it is built and tested",
    };

    /// <summary>The error that refuses a kind at <c>spec.{kind}.{event}</c>.</summary>
    public static string Refusal(string kind) => $"event source kind \"{kind}\" is refused: {Reasons[kind]}";

    public static void Validate(EventSourceSpec spec, List<SpecDiagnostic> d)
    {
        Each(spec.PubSub, "pubSub", d, (p, s) =>
        {
            if (string.IsNullOrWhiteSpace(s.Topic) && string.IsNullOrWhiteSpace(s.SubscriptionID))
            {
                Error(d, $"{p}.topic", "required: topic or subscriptionID");
            }

            Secret(d, $"{p}.credentialSecret", s.CredentialSecret, required: false);
            EventSourceValidator.ValidateFilter(p, s.Filter, d);
        });
        Each(spec.AzureEventsHub, "azureEventsHub", d, (p, s) =>
        {
            Required(d, $"{p}.fqdn", s.Fqdn);
            Required(d, $"{p}.hubName", s.HubName);
            Secret(d, $"{p}.sharedAccessKeyName", s.SharedAccessKeyName, required: false);
            Secret(d, $"{p}.sharedAccessKey", s.SharedAccessKey, required: false);
            EventSourceValidator.ValidateFilter(p, s.Filter, d);
        });
        Each(spec.AzureServiceBus, "azureServiceBus", d, (p, s) =>
        {
            if (s.ConnectionString is null && string.IsNullOrWhiteSpace(s.FullyQualifiedNamespace))
            {
                Error(d, $"{p}.connectionString", "required: connectionString or fullyQualifiedNamespace");
            }

            Secret(d, $"{p}.connectionString", s.ConnectionString, required: false);
            var queue = !string.IsNullOrWhiteSpace(s.QueueName);
            var topic = !string.IsNullOrWhiteSpace(s.TopicName);
            if (queue == topic)
            {
                Error(d, $"{p}.queueName", queue ? "queueName and topicName exclude each other" : "required: queueName, or topicName with subscriptionName");
            }
            else if (topic && string.IsNullOrWhiteSpace(s.SubscriptionName))
            {
                Error(d, $"{p}.subscriptionName", "required with topicName");
            }

            EventSourceValidator.ValidateFilter(p, s.Filter, d);
        });
        Each(spec.Pulsar, "pulsar", d, (p, s) =>
        {
            Required(d, $"{p}.url", s.Url);
            if (s.Topics is not { Count: > 0 })
            {
                Error(d, $"{p}.topics", "required: at least one topic");
            }

            if (s.Type is { Length: > 0 } type && type is not ("exclusive" or "shared"))
            {
                Error(d, $"{p}.type", $"\"{type}\" is not a subscription type (exclusive or shared)");
            }

            Backoff(d, $"{p}.connectionBackoff", s.ConnectionBackoff);
            EventSourceValidator.ValidateFilter(p, s.Filter, d);
        });
        Each(spec.Emitter, "emitter", d, (p, s) =>
        {
            Required(d, $"{p}.broker", s.Broker);
            Required(d, $"{p}.channelKey", s.ChannelKey);
            Required(d, $"{p}.channelName", s.ChannelName);
            Backoff(d, $"{p}.connectionBackoff", s.ConnectionBackoff);
            EventSourceValidator.ValidateFilter(p, s.Filter, d);
        });
        Each(spec.Nsq, "nsq", d, (p, s) =>
        {
            Required(d, $"{p}.hostAddress", s.HostAddress);
            Required(d, $"{p}.topic", s.Topic);
            Required(d, $"{p}.channel", s.Channel);
            Backoff(d, $"{p}.connectionBackoff", s.ConnectionBackoff);
            EventSourceValidator.ValidateFilter(p, s.Filter, d);
        });
        Each(spec.Sftp, "sftp", d, (p, s) =>
        {
            Required(d, $"{p}.eventType", s.EventType);
            Required(d, $"{p}.watchPathConfig.directory", s.WatchPathConfig?.Directory);
            if (string.IsNullOrWhiteSpace(s.WatchPathConfig?.Path) && string.IsNullOrWhiteSpace(s.WatchPathConfig?.PathRegexp))
            {
                Error(d, $"{p}.watchPathConfig.path", "required: path or pathRegexp");
            }

            Secret(d, $"{p}.address", s.Address, required: true);
            Secret(d, $"{p}.username", s.Username, required: true);
            if (s.Password is null && s.SshKeySecret is null)
            {
                Error(d, $"{p}.password", "required: password or sshKeySecret");
            }

            if (s.PollIntervalDuration is { Length: > 0 } poll && (!GoDuration.TryParse(poll, out var interval) || interval <= TimeSpan.Zero))
            {
                Error(d, $"{p}.pollIntervalDuration", $"\"{poll}\" is not a duration such as 10s");
            }

            EventSourceValidator.ValidateFilter(p, s.Filter, d);
        });
        Each(spec.Mns, "mns", d, (p, s) =>
        {
            Secret(d, $"{p}.accessKey", s.AccessKey, required: true);
            Secret(d, $"{p}.secretKey", s.SecretKey, required: true);
            Required(d, $"{p}.queue", s.Queue);
            Required(d, $"{p}.endpoint", s.Endpoint);
            EventSourceValidator.ValidateFilter(p, s.Filter, d);
        });
    }

    private static void Each<T>(IReadOnlyDictionary<string, T>? events, string kind, List<SpecDiagnostic> d, Action<string, T> check)
    {
        foreach (var (name, spec) in events ?? new Dictionary<string, T>())
        {
            var path = $"spec.{kind}.{name}";
            check(path, spec);
            d.Add(EventSourceValidator.Error(path, Refusal(kind)));
        }
    }

    private static void Required(List<SpecDiagnostic> d, string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Error(d, path, "required");
        }
    }

    private static void Secret(List<SpecDiagnostic> d, string path, SecretKeySelector? secret, bool required)
    {
        var field = path[(path.LastIndexOf('.') + 1)..];
        var prefix = path[..^field.Length];
        foreach (var problem in SecretProblems.Of(field, secret, required))
        {
            Error(d, prefix + problem.Field, problem.Message);
        }
    }

    private static void Backoff(List<SpecDiagnostic> d, string path, Model.Backoff? backoff)
    {
        if (backoff?.Duration is { Length: > 0 } duration && !GoDuration.TryParse(duration, out _) && !long.TryParse(duration, out _))
        {
            Error(d, $"{path}.duration", $"\"{duration}\" is not a duration such as 10s");
        }

        if (backoff?.Steps is < 0)
        {
            Error(d, $"{path}.steps", "must not be negative");
        }
    }

    private static void Error(List<SpecDiagnostic> d, string path, string message) => d.Add(EventSourceValidator.Error(path, message));
}
