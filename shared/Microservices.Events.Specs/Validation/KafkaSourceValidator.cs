using System.Globalization;
using System.Text.Json;
using Microservices.Events.Specs.Kafka;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>
/// Load-time checks of <c>kafka</c> events: brokers, topic, a partition or a consumer group, and settings librdkafka can
/// apply. Avro through a schema registry, AWS MSK IAM and SASL OAUTHBEARER/GSSAPI are refused.
/// </summary>
public static class KafkaSourceValidator
{
    public static readonly IReadOnlyList<string> RebalanceStrategies = ["range", "roundrobin", "sticky"];

    public static void Validate(string path, KafkaEventSource kafka, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(kafka.Url))
        {
            d.Add(EventSourceValidator.Error($"{path}.url", "required"));
        }
        else
        {
            foreach (var broker in kafka.Url.Split(',', StringSplitOptions.TrimEntries).Where(b => !KafkaTriggerValidator.IsBroker(b)))
            {
                d.Add(EventSourceValidator.Error($"{path}.url", $"\"{broker}\" is not a broker address host:port"));
            }
        }

        if (KafkaTriggerValidator.TopicProblem(kafka.Topic) is { } topic)
        {
            d.Add(EventSourceValidator.Error($"{path}.topic", topic));
        }

        if (kafka.ConsumerGroup is { } group)
        {
            if (string.IsNullOrWhiteSpace(group.GroupName))
            {
                d.Add(EventSourceValidator.Error($"{path}.consumerGroup.groupName", "required"));
            }

            if (!string.IsNullOrEmpty(group.RebalanceStrategy) && !RebalanceStrategies.Contains(group.RebalanceStrategy))
            {
                d.Add(new(DiagnosticSeverity.Warning, $"{path}.consumerGroup.rebalanceStrategy", $"\"{group.RebalanceStrategy}\" is not one of {string.Join(", ", RebalanceStrategies)}: range is used"));
            }

            if (!string.IsNullOrEmpty(kafka.Partition))
            {
                d.Add(new(DiagnosticSeverity.Warning, $"{path}.partition", "ignored: the consumer group is assigned the topic's partitions"));
            }
        }
        else if (string.IsNullOrWhiteSpace(kafka.Partition))
        {
            d.Add(EventSourceValidator.Error($"{path}.partition", "required: a partition or a consumerGroup"));
        }
        else if (!int.TryParse(kafka.Partition, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            d.Add(EventSourceValidator.Error($"{path}.partition", $"\"{kafka.Partition}\" is not a partition number"));
        }

        if (kafka.LimitEventsPerSecond is < 0)
        {
            d.Add(EventSourceValidator.Error($"{path}.limitEventsPerSecond", "must not be negative"));
        }

        if (!string.IsNullOrEmpty(kafka.Version) && !KafkaTriggerValidator.IsVersion(kafka.Version))
        {
            d.Add(EventSourceValidator.Error($"{path}.version", $"\"{kafka.Version}\" is not a Kafka version such as 2.5.0"));
        }

        foreach (var problem in TlsProblems.Of("tls", kafka.Tls))
        {
            d.Add(EventSourceValidator.Error($"{path}.{problem.Field}", problem.Message));
        }

        ValidateSasl(path, kafka.Sasl, d);
        ValidateBackoff(path, kafka.ConnectionBackoff, d);

        var config = SaramaConsumerConfig.Map(kafka.Config);
        foreach (var error in config.Errors)
        {
            d.Add(EventSourceValidator.Error($"{path}.config", error));
        }

        if (config.NotApplied.Count > 0)
        {
            d.Add(new(DiagnosticSeverity.Warning, $"{path}.config", $"not applied here: {string.Join(", ", config.NotApplied)} (applied: {string.Join(", ", SaramaConsumerConfig.Mapped.Keys)})"));
        }

        if (kafka.SchemaRegistry is { ValueKind: not JsonValueKind.Null })
        {
            d.Add(new(DiagnosticSeverity.Unsupported, $"{path}.schemaRegistry", "Avro decoding through a schema registry is not built here; remove schemaRegistry to take message values as they are (JSON with jsonBody)"));
        }

        if (kafka.AwsMskIamAuth is { ValueKind: not JsonValueKind.Null })
        {
            d.Add(new(DiagnosticSeverity.Unsupported, $"{path}.awsMskIamAuth", "AWS MSK IAM authentication is not built here; use sasl (SCRAM) or tls"));
        }

        EventSourceValidator.ValidateFilter(path, kafka.Filter, d);
    }

    private static void ValidateSasl(string path, KafkaSasl? sasl, List<SpecDiagnostic> d)
    {
        if (sasl is null)
        {
            return;
        }

        if (sasl.Mechanism is "OAUTHBEARER" or "GSSAPI")
        {
            d.Add(new(DiagnosticSeverity.Unsupported, $"{path}.sasl.mechanism", $"SASL {sasl.Mechanism} is not supported yet; use {string.Join(", ", KafkaTriggerValidator.Mechanisms)}"));
        }
        else if (!string.IsNullOrEmpty(sasl.Mechanism) && !KafkaTriggerValidator.Mechanisms.Contains(sasl.Mechanism))
        {
            d.Add(EventSourceValidator.Error($"{path}.sasl.mechanism", $"\"{sasl.Mechanism}\" is not one of {string.Join(", ", KafkaTriggerValidator.Mechanisms)}"));
        }

        foreach (var problem in SecretProblems.Of("sasl.userSecret", sasl.UserSecret, required: true)
                     .Concat(SecretProblems.Of("sasl.passwordSecret", sasl.PasswordSecret, required: true)))
        {
            d.Add(EventSourceValidator.Error($"{path}.{problem.Field}", problem.Message));
        }
    }

    private static void ValidateBackoff(string path, Backoff? backoff, List<SpecDiagnostic> d)
    {
        if (backoff is null)
        {
            return;
        }

        if (backoff.Duration is { } duration && KafkaBackoff.Nanoseconds(duration) is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.connectionBackoff.duration", $"\"{duration}\" is neither nanoseconds nor a duration such as 10s"));
        }

        if (backoff.Steps is < 0)
        {
            d.Add(EventSourceValidator.Error($"{path}.connectionBackoff.steps", "must not be negative"));
        }

        foreach (var (field, value) in new[] { ("factor", backoff.Factor), ("jitter", backoff.Jitter) })
        {
            if (value is not null && (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0))
            {
                d.Add(EventSourceValidator.Error($"{path}.connectionBackoff.{field}", $"\"{value}\" is not a non-negative number"));
            }
        }
    }
}
