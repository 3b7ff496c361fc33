using Microservices.Events.BusGateway.Mirror;
using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Tests.Mirror;

public sealed class MirrorOptionsValidationTests
{
    private static MirrorOptions Kafka(Action<KafkaMirrorOptions>? change = null)
    {
        var options = new MirrorOptions { Kafka = { Enabled = true, BootstrapServers = "localhost:9092" } };
        change?.Invoke(options.Kafka);
        return options;
    }

    private static MirrorOptions Rabbit(string exchange = "events.cloudevents") => new() { RabbitMq = { Enabled = true, Exchange = exchange } };

    [Fact]
    public void The_defaults_mirror_nothing_and_are_valid() =>
        Assert.Empty(MirrorOptionsValidation.Validate(new MirrorOptions(), BusTransport.InMemory));

    [Fact]
    public void Both_targets_with_their_defaults_are_valid_on_the_RabbitMQ_bus()
    {
        var options = Kafka();
        options.RabbitMq.Enabled = true;
        Assert.Empty(MirrorOptionsValidation.Validate(options, BusTransport.RabbitMq));
    }

    [Fact]
    public void The_Kafka_mirror_is_valid_on_the_in_memory_bus() =>
        Assert.Empty(MirrorOptionsValidation.Validate(Kafka(), BusTransport.InMemory));

    public static TheoryData<MirrorOptions, BusTransport, string> Invalid() => new()
    {
        { Rabbit(), BusTransport.InMemory, "Gateway:Mirror:RabbitMq:Enabled: the exchange lives on the bus's broker, so it needs Bus:Transport=RabbitMq" },
        { Rabbit(""), BusTransport.RabbitMq, "Gateway:Mirror:RabbitMq:Exchange: \"\" is not an exchange name" },
        { Rabbit("with space"), BusTransport.RabbitMq, "Gateway:Mirror:RabbitMq:Exchange: \"with space\" is not an exchange name" },
        { Rabbit("amq.topic"), BusTransport.RabbitMq, "Gateway:Mirror:RabbitMq:Exchange: \"amq.topic\": names starting with \"amq.\" are reserved" },
        { Kafka(k => k.BootstrapServers = " "), BusTransport.InMemory, "Gateway:Mirror:Kafka:BootstrapServers: required" },
        { Kafka(k => k.Topic = "a/b"), BusTransport.InMemory, "Gateway:Mirror:Kafka:Topic: \"a/b\" is not a topic name" },
        { Kafka(k => k.Topic = ".."), BusTransport.InMemory, "Gateway:Mirror:Kafka:Topic: \"..\" is not a topic name" },
        { Kafka(k => k.Topic = new string('t', 250)), BusTransport.InMemory, "Gateway:Mirror:Kafka:Topic:" },
        { Kafka(k => k.MessageTimeoutMilliseconds = 10), BusTransport.InMemory, "Gateway:Mirror:Kafka:MessageTimeoutMilliseconds: 10 is outside 1000-3600000" },
        { Kafka(k => k.Producer["acks"] = "1"), BusTransport.InMemory, "Gateway:Mirror:Kafka:Producer:acks: set by the mirror itself" },
        { Kafka(k => k.Producer["enable.idempotence"] = "false"), BusTransport.InMemory, "Gateway:Mirror:Kafka:Producer:enable.idempotence: set by the mirror itself" },
        { new MirrorOptions { MaxRetryDelaySeconds = 0 }, BusTransport.InMemory, "Gateway:Mirror:MaxRetryDelaySeconds: 0 is outside 1-3600" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_bad_setting_is_refused_with_its_key_named(MirrorOptions options, BusTransport transport, string expected)
    {
        var error = Assert.Single(MirrorOptionsValidation.Validate(options, transport));
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void Settings_of_a_disabled_Kafka_mirror_are_not_checked() =>
        Assert.Empty(MirrorOptionsValidation.Validate(new MirrorOptions { Kafka = { Enabled = false, Topic = "a/b" } }, BusTransport.InMemory));

    [Fact]
    public void Other_producer_settings_pass_through() =>
        Assert.Empty(MirrorOptionsValidation.Validate(Kafka(k => k.Producer["security.protocol"] = "SASL_SSL"), BusTransport.InMemory));
}
