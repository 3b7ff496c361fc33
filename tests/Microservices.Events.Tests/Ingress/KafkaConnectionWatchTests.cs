using Microservices.Events.Ingress.Sources.Kafka;

namespace Microservices.Events.Tests.Ingress;

/// <summary>
/// A consumer is reported unreachable once no real broker connection has been up for the grace period, read from
/// librdkafka's statistics; the group coordinator's logical entry does not count.
/// </summary>
public sealed class KafkaConnectionWatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Statistics(params (string Name, string Source, string State)[] brokers) =>
        "{\"name\":\"events-ingress#consumer-1\",\"brokers\":{" +
        string.Join(",", brokers.Select(b => $"\"{b.Name}\":{{\"name\":\"{b.Name}\",\"source\":\"{b.Source}\",\"state\":\"{b.State}\",\"nodeid\":1}}")) + "}}";

    public static TheoryData<string, int, bool> Cases => new()
    {
        // statistics, seconds since the watch started, reported unreachable
        { Statistics(("localhost:9092/1", "learned", "UP")), 60, false },
        { Statistics(("localhost:9092/1", "learned", "UPDATE")), 60, false },
        { Statistics(("localhost:9092/bootstrap", "configured", "DOWN"), ("localhost:9092/1", "learned", "UP")), 60, false },
        { Statistics(("localhost:9092/1", "learned", "DOWN")), 5, false },
        { Statistics(("localhost:9092/1", "learned", "DOWN")), 10, true },
        { Statistics(("localhost:9092/bootstrap", "configured", "INIT"), ("localhost:9092/1", "learned", "CONNECT")), 30, true },
        { Statistics(("GroupCoordinator", "logical", "UP"), ("localhost:9092/1", "learned", "DOWN")), 30, true },
        { Statistics(("GroupCoordinator", "logical", "UP")), 30, false },
        { "{\"brokers\":{}}", 30, false },
        { "{\"name\":\"no brokers entry\"}", 30, false },
        { "not json", 30, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_unreachable_only_after_the_grace_without_a_real_broker_connection(string statistics, int seconds, bool unreachable)
    {
        var watch = new KafkaConnectionWatch(Start);

        var problem = watch.Observe(statistics, Start.AddSeconds(seconds));

        Assert.Equal(unreachable, problem is not null);
    }

    [Fact]
    public void The_grace_counts_from_the_last_statistics_that_showed_a_connection()
    {
        var watch = new KafkaConnectionWatch(Start);
        var up = Statistics(("localhost:9092/1", "learned", "UP"));
        var down = Statistics(("localhost:9092/bootstrap", "configured", "DOWN"), ("localhost:9092/1", "learned", "TRY_CONNECT"));

        Assert.Null(watch.Observe(up, Start.AddSeconds(100)));
        Assert.Null(watch.Observe(down, Start.AddSeconds(109)));
        var problem = watch.Observe(down, Start.AddSeconds(111));

        Assert.Equal("no broker connection for 11 s (localhost:9092/bootstrap DOWN, localhost:9092/1 TRY_CONNECT)", problem);
        Assert.Null(watch.Observe(up, Start.AddSeconds(112)));
        Assert.Null(watch.Observe(down, Start.AddSeconds(121)));
    }
}
