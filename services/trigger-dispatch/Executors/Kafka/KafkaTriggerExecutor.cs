using System.Text;
using Confluent.Kafka;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation.Triggers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.TriggerDispatch.Executors.Kafka;

/// <summary>
/// The <c>kafka</c> trigger: produces the payload built from <c>payload</c> parameters to <c>topic</c> with
/// Confluent.Kafka, keyed by <c>partitioningKey</c> (or to <c>partition</c> when given), with <c>headers</c> and
/// <c>secureHeaders</c>; a firing succeeds once the broker acknowledged the message as <c>requiredAcks</c> asks.
/// </summary>
public sealed class KafkaTriggerExecutor(KafkaProducers producers, SecretResolver secrets) : ITriggerExecutor
{
    public string Kind => "kafka";

    public static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton<SecretResolver>();
        services.TryAddSingleton<KafkaProducers>();
    }

    public IReadOnlyList<string> Validate(TriggerTemplate template)
    {
        if (TriggerKindSpec.Read<KafkaTrigger>(template, Kind) is not { } kafka)
        {
            return ["kafka: missing"];
        }

        var problems = KafkaTriggerValidator.Problems(kafka).Select(p => p.ToString()).ToList();
        if (kafka.SchemaRegistry is { ValueKind: not System.Text.Json.JsonValueKind.Null })
        {
            problems.Add("schemaRegistry: Avro encoding through a schema registry is not built here");
        }

        if (kafka.Sasl?.Mechanism is "OAUTHBEARER" or "GSSAPI")
        {
            problems.Add($"sasl.mechanism: SASL {kafka.Sasl.Mechanism} is not supported yet");
        }

        if (kafka.SecureHeaders?.Any(h => h.ValueFrom?.ConfigMapKeyRef is not null) == true)
        {
            problems.Add("secureHeaders: config map values are not supported yet");
        }

        return problems;
    }

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var kafka = TriggerKindSpec.Read<KafkaTrigger>(execution.Template, Kind)!;
        ProducerConfig config;
        var message = new Message<string?, byte[]>
        {
            Key = kafka.PartitioningKey,
            Value = TriggerPayload.Bytes(execution.Resolved.Payload),
            Timestamp = new Timestamp(DateTime.UtcNow),
            Headers = [],
        };
        try
        {
            var sasl = kafka.Sasl is { } s
                ? (secrets.Require("sasl.userSecret", s.UserSecret), secrets.Require("sasl.passwordSecret", s.PasswordSecret))
                : ((string, string)?)null;
            config = KafkaProducerSettings.For(kafka, secrets.Tls("tls", kafka.Tls), sasl);
            foreach (var (name, value) in kafka.Headers ?? new Dictionary<string, string>())
            {
                message.Headers.Add(name, Encoding.UTF8.GetBytes(value));
            }

            for (var i = 0; i < (kafka.SecureHeaders?.Count ?? 0); i++)
            {
                var header = kafka.SecureHeaders![i];
                message.Headers.Add(header.Name, Encoding.UTF8.GetBytes(secrets.Require($"secureHeaders[{i}].valueFrom.secretKeyRef", header.ValueFrom?.SecretKeyRef)));
            }
        }
        catch (MissingSecretException ex)
        {
            return TriggerOutcome.Fail(ex.Message);
        }

        var producer = producers.Get($"{execution.Sensor}\n{execution.Template.Name}", config);
        try
        {
            var delivered = kafka.Partition is { } partition
                ? await producer.ProduceAsync(new TopicPartition(kafka.Topic, new Partition(partition)), message, cancellationToken)
                : await producer.ProduceAsync(kafka.Topic, message, cancellationToken);
            return TriggerOutcome.Ok($"produced {message.Value.Length} bytes to {delivered.Topic} [{delivered.Partition.Value}] at offset {delivered.Offset.Value}");
        }
        catch (ProduceException<string?, byte[]> ex)
        {
            return TriggerOutcome.Fail($"produce to {kafka.Topic} at {kafka.Url} failed: {ex.Error.Reason}");
        }
        catch (KafkaException ex)
        {
            return TriggerOutcome.Fail($"produce to {kafka.Topic} at {kafka.Url} failed: {ex.Error.Reason}");
        }
    }
}
