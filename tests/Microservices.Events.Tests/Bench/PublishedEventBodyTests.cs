using System.Text;
using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.Serialization;
using Microservices.Events.Bench;
using Microservices.Events.Contracts;
using Microservices.Events.ServiceDefaults.Serialization;

namespace Microservices.Events.Tests.Bench;

/// <summary>The hot-trigger bench's bodies are read by the services' envelope reader as the events bus-gateway publishes.</summary>
public sealed class PublishedEventBodyTests
{
    [Theory]
    [InlineData(0, "a")]
    [InlineData(7, "b")]
    [InlineData(100_000_002, "a")]
    public void A_body_reads_back_as_event_n_of_the_bench_source(int n, string subject)
    {
        var id = Guid.NewGuid();
        var now = new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero);

        var context = SinglePassEnvelopeDeserializer.Instance.Deserialize(new MemoryMessageBody(PublishedEventBody.For(n, id, now)), EmptyHeaders.Instance);

        Assert.Equal(id, context.MessageId);
        Assert.Equal([MessageUrn.ForTypeString<EventPublished>()], context.SupportedMessageTypes);
        Assert.True(context.TryGetMessage<EventPublished>(out var published));
        Assert.Equal("bench", published!.Event.Source);
        Assert.Equal("webhook", published.Event.Type);
        Assert.Equal(subject, published.Event.Subject);
        Assert.Equal(id.ToString("N"), published.Event.Id);
        Assert.Equal(now, published.Event.Time);
        Assert.Equal(n, published.Event.Data!.Value.GetProperty("body").GetProperty("n").GetInt32());
        Assert.Equal(Payload.Size, Encoding.UTF8.GetByteCount(published.Event.Data.Value.GetProperty("body").GetRawText()));
    }

    [Fact]
    public void The_exchange_is_the_one_MassTransit_publishes_the_event_type_to()
    {
        IEntityNameFormatter formatter = new MessageNameFormatterEntityNameFormatter(new RabbitMqMessageNameFormatter());

        Assert.Equal(PublishedEventBody.Exchange, formatter.FormatEntityName<EventPublished>());
    }

    [Fact]
    public void Sensor_state_requests_of_the_pair_trigger_are_read_from_its_metrics()
    {
        const string Metrics = """
            # TYPE triggers_requested_total counter
            triggers_requested_total{sensor="hot",trigger="pair",otel_scope_name="Microservices.Events.SensorState"} 12
            triggers_requested_total{sensor="other",trigger="pair",otel_scope_name="Microservices.Events.SensorState"} 3
            triggers_requested_total{sensor="hot",trigger="one",otel_scope_name="Microservices.Events.SensorState"} 40
            """;

        Assert.Equal(15, HotTriggerBench.PairsRequested(Metrics));
    }
}
