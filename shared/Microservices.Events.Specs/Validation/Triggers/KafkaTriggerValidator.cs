using System.Text.Json;
using System.Text.RegularExpressions;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>What a <c>kafka</c> trigger needs to produce: brokers, a topic name Kafka accepts, payload parameters, and settings librdkafka can apply.</summary>
public static partial class KafkaTriggerValidator
{
    public static readonly IReadOnlyList<string> Mechanisms = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"];

    public static void Validate(TriggerKindCheck check)
    {
        if (check.Bind<KafkaTrigger>() is not { } kafka)
        {
            return;
        }

        check.Report(Problems(kafka));
        if (kafka.SchemaRegistry is { ValueKind: not JsonValueKind.Null })
        {
            check.Error("schemaRegistry", "Avro encoding through a schema registry is not built here; remove schemaRegistry to produce the payload as JSON");
        }

        if (kafka.Sasl?.Mechanism is "OAUTHBEARER" or "GSSAPI")
        {
            check.Unsupported("sasl.mechanism", $"SASL {kafka.Sasl.Mechanism} is not supported yet; use {string.Join(", ", Mechanisms)}");
        }

        for (var i = 0; i < (kafka.SecureHeaders?.Count ?? 0); i++)
        {
            if (kafka.SecureHeaders![i].ValueFrom?.ConfigMapKeyRef is not null)
            {
                check.Unsupported($"secureHeaders[{i}].valueFrom.configMapKeyRef", "config map values are not supported yet; use secretKeyRef");
            }
        }

        check.Parameters("payload", kafka.Payload, destRequired: true);
        check.Parameters("parameters", kafka.Parameters, destRequired: true);
    }

    public static IReadOnlyList<FieldProblem> Problems(KafkaTrigger kafka)
    {
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(kafka.Url))
        {
            problems.Add(new("url", "required"));
        }
        else
        {
            problems.AddRange(kafka.Url.Split(',', StringSplitOptions.TrimEntries).Where(b => !IsBroker(b))
                .Select(b => new FieldProblem("url", $"\"{b}\" is not a broker address host:port")));
        }

        if (TopicProblem(kafka.Topic) is { } topic)
        {
            problems.Add(new("topic", topic));
        }

        if (kafka.Partition is < 0)
        {
            problems.Add(new("partition", "must not be negative"));
        }

        if (kafka.RequiredAcks is { } acks and not (-1 or 0 or 1))
        {
            problems.Add(new("requiredAcks", $"{acks} is not -1 (all replicas), 1 (the leader) or 0 (the default, all replicas)"));
        }

        if (kafka.FlushFrequency is < 0)
        {
            problems.Add(new("flushFrequency", "must not be negative"));
        }

        if (!string.IsNullOrEmpty(kafka.Version) && !VersionPattern().IsMatch(kafka.Version))
        {
            problems.Add(new("version", $"\"{kafka.Version}\" is not a Kafka version such as 2.8.0"));
        }

        if (kafka.Payload is null)
        {
            problems.Add(new("payload", "required: the message is built from payload parameters"));
        }

        problems.AddRange(TlsProblems.Of("tls", kafka.Tls));
        if (kafka.Sasl is { } sasl)
        {
            if (!string.IsNullOrEmpty(sasl.Mechanism) && !Mechanisms.Contains(sasl.Mechanism) && sasl.Mechanism is not ("OAUTHBEARER" or "GSSAPI"))
            {
                problems.Add(new("sasl.mechanism", $"\"{sasl.Mechanism}\" is not one of {string.Join(", ", Mechanisms)}"));
            }

            problems.AddRange(SecretProblems.Of("sasl.userSecret", sasl.UserSecret, required: true));
            problems.AddRange(SecretProblems.Of("sasl.passwordSecret", sasl.PasswordSecret, required: true));
        }

        foreach (var name in (kafka.Headers ?? new Dictionary<string, string>()).Keys.Where(string.IsNullOrEmpty))
        {
            problems.Add(new("headers", "a header name must not be empty"));
        }

        for (var i = 0; i < (kafka.SecureHeaders?.Count ?? 0); i++)
        {
            var header = kafka.SecureHeaders![i];
            if (string.IsNullOrEmpty(header.Name))
            {
                problems.Add(new($"secureHeaders[{i}].name", "required"));
            }

            var from = header.ValueFrom;
            if (from?.SecretKeyRef is null && from?.ConfigMapKeyRef is null)
            {
                problems.Add(new($"secureHeaders[{i}].valueFrom", "required: secretKeyRef or configMapKeyRef"));
            }

            problems.AddRange(SecretProblems.Of($"secureHeaders[{i}].valueFrom.secretKeyRef", from?.SecretKeyRef, required: false));
        }

        return problems;
    }

    /// <summary>Kafka's rule for topic names: 1 to 249 of <c>a-z A-Z 0-9 . _ -</c>, and not <c>.</c> or <c>..</c>.</summary>
    public static string? TopicProblem(string? topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            return "required";
        }

        if (topic.Length > 249 || topic is "." or ".." || !TopicPattern().IsMatch(topic))
        {
            return $"\"{topic}\" is not a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -, not . or ..)";
        }

        return null;
    }

    /// <summary>A broker address <c>host:port</c>.</summary>
    public static bool IsBroker(string broker)
    {
        var colon = broker.LastIndexOf(':');
        return colon > 0 && int.TryParse(broker[(colon + 1)..], out var port) && port is > 0 and < 65536 && !broker[..colon].Contains('/');
    }

    /// <summary>A Kafka version such as <c>2.8.0</c>.</summary>
    public static bool IsVersion(string version) => VersionPattern().IsMatch(version);

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex TopicPattern();

    [GeneratedRegex(@"^\d+\.\d+\.\d+(\.\d+)?$")]
    private static partial Regex VersionPattern();
}
