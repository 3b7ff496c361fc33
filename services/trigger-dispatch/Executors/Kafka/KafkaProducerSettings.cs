using Confluent.Kafka;
using Microservices.Events.Clients.Kafka;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.TriggerDispatch.Executors.Kafka;

/// <summary>
/// librdkafka settings for a kafka trigger, as Argo's producer behaves: acks from <c>requiredAcks</c> (all replicas
/// unless 1), snappy when <c>compress</c>, <c>flushFrequency</c> (500 ms) as the batching delay, keys partitioned with
/// FNV-1a as Argo's client does, TLS and SASL from secrets.
/// </summary>
public static class KafkaProducerSettings
{
    public const int DefaultFlushFrequencyMilliseconds = 500;

    /// <param name="kafka">A spec the validator accepted.</param>
    /// <param name="tls">The <c>tls</c> block with its secrets read, if any.</param>
    /// <param name="sasl">User and password of <c>sasl</c>, if any.</param>
    public static ProducerConfig For(KafkaTrigger kafka, ResolvedTls? tls, (string User, string Password)? sasl)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = string.Join(",", kafka.Url!.Split(',', StringSplitOptions.TrimEntries)),
            Acks = kafka.RequiredAcks == 1 ? Acks.Leader : Acks.All,
            CompressionType = kafka.Compress == true ? CompressionType.Snappy : CompressionType.None,
            LingerMs = kafka.FlushFrequency is > 0 ? kafka.FlushFrequency : DefaultFlushFrequencyMilliseconds,
            MessageTimeoutMs = 30_000,
            ClientId = "events-trigger-dispatch",
        };

        // FNV-1a of the key, as the hash partitioner of Argo's client (Sarama): a key lands where Argo put it.
        config.Set("partitioner", "fnv1a_random");
        KafkaSecurity.Apply(config, tls, kafka.Sasl?.Mechanism, sasl);
        return config;
    }
}
