using System.Globalization;
using Confluent.Kafka;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.Ingress.Sources.Kafka;

/// <summary>
/// The <c>kafka</c> kind: one Confluent.Kafka consumer per event, in its <c>consumerGroup</c> (subscribed to the topic)
/// or on its lone <c>partition</c>. Messages are handled one at a time in offset order: a message's offset is stored
/// (and committed within a second, on a rebalance and on stop) only after the bus accepted its event or the filter
/// dropped it, and a refused event is tried again until accepted, so a partition's committed position never passes a
/// message the bus does not have. The event id comes from topic, partition and offset, so what is read again after a
/// crash is published once. A value that is not JSON with <c>jsonBody</c> is logged with its coordinates, counted as
/// malformed and committed past. When every broker is unreachable (librdkafka's "all brokers down", or no broker
/// connection for <see cref="KafkaConnectionWatch.Grace"/>) the consumer is closed and made again with backoff, and
/// <c>/health</c> says so meanwhile.
/// </summary>
public sealed class KafkaSource(EdgeServices services, SecretResolver secrets, ILogger<KafkaSource> logger)
    : ConsumerSourceKind<KafkaEventSource>(services, logger)
{
    public const string Name = "kafka";

    private readonly TimeProvider _time = services.Time;

    public override string Kind => Name;

    public static void AddServices(IServiceCollection services) => services.TryAddSingleton<EdgeServices>();

    protected override IReadOnlyDictionary<string, KafkaEventSource>? EventsOf(EventSourceSpec spec) => spec.Kafka;

    /// <summary>The load-time refusals (schemaRegistry, awsMskIamAuth, SASL OAUTHBEARER/GSSAPI) keep an event from running at all.</summary>
    protected override IEnumerable<SpecDiagnostic> Check(string path, KafkaEventSource spec)
    {
        var diagnostics = new List<SpecDiagnostic>();
        KafkaSourceValidator.Validate(path, spec, diagnostics);
        return diagnostics.Where(d => d.Severity != DiagnosticSeverity.Warning);
    }

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, KafkaEventSource spec, CancellationToken cancellationToken)
    {
        var sasl = spec.Sasl is { } s
            ? (secrets.Require("sasl.userSecret", s.UserSecret), secrets.Require("sasl.passwordSecret", s.PasswordSecret))
            : ((string, string)?)null;
        var config = KafkaConsumerSettings.For(source.Name, listener.EventName, spec, secrets.Tls("tls", spec.Tls), sasl);
        var partition = KafkaConsumerSettings.Partition(spec);
        var unreachable = default(string);
        var watch = new KafkaConnectionWatch(_time.GetUtcNow());
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .SetErrorHandler((_, e) =>
            {
                if (e.IsFatal || e.Code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Authentication)
                {
                    unreachable = e.Reason;
                }
                else
                {
                    logger.LogDebug("kafka {EventSource}/{EventName}: {Reason}", listener.EventSourceName, listener.EventName, e.Reason);
                }
            })
            .SetStatisticsHandler((_, statistics) => unreachable ??= watch.Observe(statistics, _time.GetUtcNow()))
            .SetPartitionsAssignedHandler((_, assigned) =>
            {
                listener.MarkConnected();
                logger.LogInformation("kafka {EventSource}/{EventName}: assigned {Partitions}", listener.EventSourceName, listener.EventName, Describe(assigned));
            })
            .SetPartitionsRevokedHandler((c, revoked) =>
            {
                Commit(c, listener);
                logger.LogInformation("kafka {EventSource}/{EventName}: revoked {Partitions}", listener.EventSourceName, listener.EventName, Describe(revoked.Select(r => r.TopicPartition)));
            })
            .Build();
        try
        {
            if (partition is { } p)
            {
                RequirePartition(consumer, spec.Topic!, p);
                consumer.Assign(StartOf(consumer, new TopicPartition(spec.Topic!, new Partition(p)), config.AutoOffsetReset));
                listener.MarkConnected();
            }
            else
            {
                consumer.Subscribe(spec.Topic!);
            }

            var previous = default(long?);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (unreachable is { } reason)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_AllBrokersDown, $"brokers {config.BootstrapServers} unreachable: {reason}"));
                }

                var result = Consume(consumer, listener);
                if (result?.Message is null)
                {
                    continue;
                }

                if (spec.LimitEventsPerSecond is > 0 and var limit && previous is { } taken)
                {
                    await Task.Delay(KafkaPacing.Wait(limit, _time.GetElapsedTime(taken)), _time, cancellationToken);
                }

                previous = _time.GetTimestamp();
                await HandleAsync(consumer, listener, spec, result, cancellationToken);
            }
        }
        finally
        {
            if (unreachable is null)
            {
                // Commits the stored offsets and leaves the group at once rather than after the session timeout.
                Close(consumer, listener);
            }
        }
    }

    private async Task HandleAsync(IConsumer<byte[]?, byte[]?> consumer, EdgeListener listener, KafkaEventSource spec, ConsumeResult<byte[]?, byte[]?> result, CancellationToken cancellationToken)
    {
        var message = result.Message;
        var record = new KafkaRecord(result.Topic, result.Partition.Value, result.Offset.Value, message.Key, message.Value, message.Timestamp.UnixTimestampMs,
            message.Headers?.Select(h => (h.Key, (byte[]?)h.GetValueBytes())).ToList() ?? []);
        var payload = KafkaPayload.From(record, spec.JsonBody == true, spec.Metadata);
        if (payload.Data is not { } data)
        {
            listener.Malformed(record.Coordinates, payload.Malformed!);
        }
        else
        {
            var id = listener.IdFor(record.Topic, record.Partition.ToString(CultureInfo.InvariantCulture), record.Offset.ToString(CultureInfo.InvariantCulture));
            await listener.DeliverUntilAcceptedAsync(data, id, spec.Filter?.Expression, cancellationToken);
        }

        try
        {
            consumer.StoreOffset(result);
        }
        catch (KafkaException ex)
        {
            // The partition was taken away while the event was delivered: its next owner reads the message again.
            logger.LogInformation("kafka {EventSource}/{EventName}: offset of {Coordinates} not stored ({Reason})", listener.EventSourceName, listener.EventName, record.Coordinates, ex.Error.Reason);
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? Consume(IConsumer<byte[]?, byte[]?> consumer, EdgeListener listener)
    {
        try
        {
            return consumer.Consume(TimeSpan.FromMilliseconds(250));
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            logger.LogWarning("kafka {EventSource}/{EventName}: {Reason}", listener.EventSourceName, listener.EventName, ex.Error.Reason);
            return null;
        }
    }

    /// <summary>Argo's check before reading a lone partition: the topic has it.</summary>
    private static void RequirePartition(IConsumer<byte[]?, byte[]?> consumer, string topic, int partition)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.All(p => p.PartitionId != partition))
        {
            throw new InvalidOperationException($"partition {partition} of topic {topic} is not available" +
                                                (metadata is null ? "" : $" ({(metadata.Error.IsError ? metadata.Error.Reason : $"partitions: {string.Join(", ", metadata.Partitions.Select(x => x.PartitionId).Order())}")})"));
        }
    }

    /// <summary>
    /// Where a lone partition is read from: after its last committed offset, else at its newest (or, when the config asks
    /// for the oldest, its first) offset, fixed now so that what is produced once the listener is connected is read.
    /// </summary>
    private static TopicPartitionOffset StartOf(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, AutoOffsetReset? reset)
    {
        var committed = consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset;
        if (!committed.IsSpecial)
        {
            return new TopicPartitionOffset(partition, committed);
        }

        var watermarks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
        return new TopicPartitionOffset(partition, reset == AutoOffsetReset.Earliest ? watermarks.Low : watermarks.High);
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer, EdgeListener listener)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
            // Nothing accepted since the last commit.
        }
        catch (KafkaException ex)
        {
            logger.LogWarning("kafka {EventSource}/{EventName}: commit failed ({Reason}); the messages after the last commit are read again", listener.EventSourceName, listener.EventName, ex.Error.Reason);
        }
    }

    private void Close(IConsumer<byte[]?, byte[]?> consumer, EdgeListener listener)
    {
        try
        {
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            logger.LogWarning("kafka {EventSource}/{EventName}: close failed ({Reason})", listener.EventSourceName, listener.EventName, ex.Error.Reason);
        }
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.Select(p => $"{p.Topic}[{p.Partition.Value}]")) is { Length: > 0 } text ? text : "no partitions";
}
