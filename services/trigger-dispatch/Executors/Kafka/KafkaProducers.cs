using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;

namespace Microservices.Events.TriggerDispatch.Executors.Kafka;

/// <summary>
/// Kafka producers, one per trigger and settings (a changed broker list or rotated secret makes a new one), kept between
/// firings as Argo keeps one per trigger. Flushed (up to 10 s) and disposed with the service.
/// </summary>
public sealed class KafkaProducers(ILogger<KafkaProducers> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<IProducer<string?, byte[]>>> _producers = new();

    public IProducer<string?, byte[]> Get(string trigger, ProducerConfig config)
    {
        var settings = string.Join("\n", config.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
        var key = $"{trigger}\n{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(settings)))}";
        return _producers.GetOrAdd(key, _ => new Lazy<IProducer<string?, byte[]>>(() => new ProducerBuilder<string?, byte[]>(config)
            // librdkafka's own log lines carry no secret; its errors are also the delivery reports' reasons.
            .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .SetErrorHandler((_, e) => logger.LogWarning("Kafka producer of {Trigger}: {Reason}", trigger, e.Reason))
            .Build())).Value;
    }

    public void Dispose()
    {
        foreach (var (_, producer) in _producers)
        {
            if (producer.IsValueCreated)
            {
                producer.Value.Flush(TimeSpan.FromSeconds(10));
                producer.Value.Dispose();
            }
        }

        _producers.Clear();
    }
}
