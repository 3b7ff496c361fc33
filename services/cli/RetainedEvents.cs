using CloudNative.CloudEvents.SystemTextJson;
using Confluent.Kafka;
using Microservices.Events.BusGateway.Mirror;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Simulation;

namespace Microservices.Events.Cli;

/// <summary>
/// Events kept outside the services, read for <c>events replay</c>: the Kafka mirror topic (every partition from its
/// start to its current end, records in either CloudEvents mode) or a JSON-lines file of structured CloudEvents (what
/// <c>events tail</c> prints and <c>events simulate</c> reads). Records that are not usable CloudEvents are reported
/// on <c>errors</c> and skipped.
/// </summary>
public static class RetainedEvents
{
    public static IReadOnlyList<EventEnvelope> FromFile(FileInfo file, TextWriter errors)
    {
        var events = new List<EventEnvelope>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file.FullName))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                events.Add(CloudEventJson.Parse(line));
            }
            catch (FormatException ex)
            {
                errors.WriteLine($"{file.Name}:{lineNumber}: skipped: {ex.Message}");
            }
        }

        return events;
    }

    /// <exception cref="KafkaException">The brokers or the topic cannot be reached.</exception>
    public static IReadOnlyList<EventEnvelope> FromKafka(string bootstrapServers, string topic, TextWriter errors, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"events-replay-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(15)).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new KafkaException(metadata?.Error ?? new Error(ErrorCode.UnknownTopicOrPart, $"topic {topic} not found"));
        }

        var partitions = metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(15)).High.Value);
        var open = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        consumer.Assign(partitions.Where(p => open.Contains(p.Partition.Value)).Select(p => new TopicPartitionOffset(p, Offset.Beginning)));

        var formatter = new JsonEventFormatter();
        var events = new List<EventEnvelope>();
        while (open.Count > 0)
        {
            var result = consumer.Consume(cancellationToken);
            if (result.IsPartitionEOF || result.Offset.Value >= ends[result.Partition.Value] - 1)
            {
                open.Remove(result.Partition.Value);
            }

            if (result.IsPartitionEOF || result.Message is null)
            {
                continue;
            }

            try
            {
                var message = new Message<string?, byte[]?> { Key = result.Message.Key, Value = result.Message.Value, Headers = result.Message.Headers };
                events.Add(CloudEventConversion.ToEnvelope(KafkaCloudEventBinding.ToCloudEvent(message, formatter, CloudEventConversion.Extensions)));
            }
            catch (FormatException ex)
            {
                errors.WriteLine($"{topic}[{result.Partition.Value}]@{result.Offset.Value}: skipped: {ex.Message}");
            }
        }

        return events;
    }
}
