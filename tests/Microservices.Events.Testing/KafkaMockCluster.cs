using Confluent.Kafka;

namespace Microservices.Events.Testing;

/// <summary>
/// librdkafka's mock Kafka cluster, in this process: real brokers on loopback ports that speak the Kafka protocol
/// (topics are created on first produce). <see cref="BootstrapServers"/> is what clients connect to; <see cref="Read"/>
/// returns what a topic holds; <see cref="StopBroker"/> and <see cref="StartBroker"/> take a broker down and up.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _owner;

    private KafkaMockCluster(IProducer<byte[]?, byte[]?> owner, string bootstrapServers)
    {
        _owner = owner;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The brokers, <c>host:port</c> separated by commas.</summary>
    public string BootstrapServers { get; }

    public static KafkaMockCluster Start(int brokers = 1)
    {
        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var owner = new ProducerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        try
        {
            using var admin = new DependentAdminClientBuilder(owner.Handle).Build();
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            return new KafkaMockCluster(owner, string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}")));
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>Every message of <paramref name="topic"/> once it holds at least <paramref name="count"/> (or what it holds after <paramref name="timeout"/>).</summary>
    public IReadOnlyList<ConsumeResult<string?, byte[]>> Read(string topic, int count, TimeSpan timeout)
    {
        // The topic's partitions (creating it, as a producer's request for its metadata does) through a client of its
        // own: after StopBroker and StartBroker the owner's connection to that broker can stay unusable for most of a
        // minute, where a new client connects at once.
        List<int> partitions;
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).SetLogHandler((_, _) => { }).Build())
        {
            partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        }

        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = $"reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var messages = new List<ConsumeResult<string?, byte[]>>();
        var deadline = DateTime.UtcNow + timeout;
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false, Message: not null } result)
            {
                messages.Add(result);
            }
        }

        return messages;
    }

    /// <summary>Takes broker <paramref name="brokerId"/> (1 to the number started) down: its connections close and new ones are refused.</summary>
    public void StopBroker(int brokerId = 1) => KafkaMockNative.SetBroker(KafkaMockNative.ClusterOf(_owner), brokerId, down: true);

    /// <summary>Lets broker <paramref name="brokerId"/> accept connections again.</summary>
    public void StartBroker(int brokerId = 1) => KafkaMockNative.SetBroker(KafkaMockNative.ClusterOf(_owner), brokerId, down: false);

    public void Dispose() => _owner.Dispose();
}
