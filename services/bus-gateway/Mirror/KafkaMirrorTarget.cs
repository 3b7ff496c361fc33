using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Microservices.Events.BusGateway.Mirror;

/// <summary>
/// Writes binary-mode CloudEvents records to the mirror topic with an idempotent producer (<c>acks=all</c>,
/// <c>enable.idempotence=true</c>: retries inside librdkafka neither duplicate nor reorder a partition's records).
/// <see cref="WriteAsync"/> returns once the brokers persisted the record. A producer that met a fatal error is
/// replaced on the next write.
/// </summary>
public sealed class KafkaMirrorTarget(IOptions<MirrorOptions> mirror, ILogger<KafkaMirrorTarget> logger) : IDisposable
{
    private static readonly JsonEventFormatter Formatter = new();
    private readonly Lock _lock = new();
    private IProducer<string?, byte[]?>? _producer;

    public string Topic => mirror.Value.Kafka.Topic;

    public async Task WriteAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var message = KafkaCloudEventBinding.ToBinaryMessage(cloudEvent, Formatter);
        var producer = Producer();
        try
        {
            var result = await producer.ProduceAsync(Topic, message, cancellationToken);
            if (result.Status != PersistenceStatus.Persisted)
            {
                throw new KafkaException(new Error(ErrorCode.Unknown, $"record of event {cloudEvent.Id} not persisted ({result.Status})"));
            }
        }
        catch (KafkaException ex) when (ex.Error.IsFatal)
        {
            Replace(producer);
            throw;
        }
    }

    private IProducer<string?, byte[]?> Producer()
    {
        lock (_lock)
        {
            return _producer ??= Build();
        }
    }

    private IProducer<string?, byte[]?> Build()
    {
        var options = mirror.Value.Kafka;
        var config = new ProducerConfig(new Dictionary<string, string>(options.Producer))
        {
            BootstrapServers = options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = options.MessageTimeoutMilliseconds,
            LingerMs = 5,
        };
        logger.LogInformation("Mirroring events to Kafka topic {Topic} on {BootstrapServers}", options.Topic, options.BootstrapServers);
        return new ProducerBuilder<string?, byte[]?>(config)
            .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .SetErrorHandler((_, e) => logger.Log(e.IsFatal ? LogLevel.Error : LogLevel.Debug, "Kafka mirror producer: {Reason}", e.Reason))
            .Build();
    }

    private void Replace(IProducer<string?, byte[]?> failed)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_producer, failed))
            {
                _producer = null;
            }
        }

        failed.Dispose();
    }

    public void Dispose()
    {
        IProducer<string?, byte[]?>? producer;
        lock (_lock)
        {
            (producer, _producer) = (_producer, null);
        }

        if (producer is not null)
        {
            producer.Flush(TimeSpan.FromSeconds(5));
            producer.Dispose();
        }
    }
}
