using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Amqp;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using RabbitMQ.Client;

namespace Microservices.Events.Tests.Ingress.Consumers;

/// <summary>The data and the id of an AMQP delivery, and what the spec declares (Argo's defaults).</summary>
public sealed class AmqpPayloadTests
{
    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static BasicProperties Properties(string? messageId = null, long? timestamp = null) => new()
    {
        ContentType = "application/json",
        DeliveryMode = DeliveryModes.Persistent,
        Priority = 3,
        CorrelationId = "c-1",
        MessageId = messageId,
        Timestamp = timestamp is { } t ? new AmqpTimestamp(t) : default,
        AppId = "shop",
        Headers = new Dictionary<string, object?> { ["tenant"] = Encoding.UTF8.GetBytes("acme"), ["attempt"] = 2 },
    };

    [Fact]
    public void A_delivery_becomes_Argos_AMQP_event_data_with_the_parsed_body()
    {
        Assert.True(AmqpPayload.TryCreate("orders", "created", Properties("m-1", 1_700_000_000), Bytes("""{"n": 1}"""), jsonBody: true,
            new Dictionary<string, string> { ["team"] = "a" }, out var data, out _));

        var expected = JsonNode.Parse("""
            {"contentType":"application/json","contentEncoding":"","deliveryMode":2,"priority":3,"correlationId":"c-1","replyTo":"",
             "expiration":"","messageId":"m-1","timestamp":"2023-11-14 22:13:20 +0000 UTC","type":"","appId":"shop",
             "exchange":"orders","routingKey":"created","headers":{"attempt":2,"tenant":"acme"},"body":{"n":1},"metadata":{"team":"a"}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, data), data!.ToJsonString());
    }

    [Fact]
    public void Without_jsonBody_the_body_is_base64_as_Go_encodes_bytes()
    {
        Assert.True(AmqpPayload.TryCreate("x", "k", new BasicProperties(), Bytes("not json"), jsonBody: false, null, out var data, out _));
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("not json")), (string)data!["body"]!);
        Assert.Equal("0001-01-01 00:00:00 +0000 UTC", (string)data["timestamp"]!);
        Assert.False(data.ContainsKey("headers"));
        Assert.False(data.ContainsKey("metadata"));
    }

    [Theory]
    [InlineData("{\"n\": ")]
    [InlineData("{} trailing")]
    [InlineData("")]
    public void A_body_that_is_not_one_JSON_document_is_malformed_with_jsonBody(string body)
    {
        Assert.False(AmqpPayload.TryCreate("x", "k", new BasicProperties(), Bytes(body), jsonBody: true, null, out _, out var error));
        Assert.StartsWith("jsonBody is set and the body is not JSON", error);
    }

    [Fact]
    public void The_id_comes_from_the_message_id_when_the_publisher_set_one()
    {
        var first = AmqpPayload.IdCoordinates("x", "a", Properties("m-1"), Bytes("1"));
        Assert.Equal(["message-id", "m-1"], first);
        Assert.Equal(first, AmqpPayload.IdCoordinates("x", "b", Properties("m-1"), Bytes("2")));
    }

    [Fact]
    public void Without_a_message_id_a_redelivery_keeps_its_id_and_other_content_changes_it()
    {
        var id = AmqpPayload.IdCoordinates("x", "a", Properties(timestamp: 5), Bytes("""{"n":1}"""));
        Assert.Equal(id, AmqpPayload.IdCoordinates("x", "a", Properties(timestamp: 5), Bytes("""{"n":1}""")));
        Assert.NotEqual(id, AmqpPayload.IdCoordinates("x", "a", Properties(timestamp: 5), Bytes("""{"n":2}""")));
        Assert.NotEqual(id, AmqpPayload.IdCoordinates("x", "a", Properties(timestamp: 6), Bytes("""{"n":1}""")));
        Assert.NotEqual(id, AmqpPayload.IdCoordinates("x", "b", Properties(timestamp: 5), Bytes("""{"n":1}""")));
    }

    [Fact]
    public void Absent_blocks_take_Argos_defaults()
    {
        var topology = AmqpTopology.From(new AmqpEventSource { ExchangeName = "test", ExchangeType = "fanout", RoutingKey = "hello" });

        Assert.True(topology.ExchangeDurable);
        Assert.False(topology.ExchangeAutoDelete);
        Assert.Equal("", topology.QueueName);
        Assert.True(topology.QueueExclusive);
        Assert.False(topology.QueueDurable);
        Assert.Empty(topology.QueueArguments);
    }

    [Fact]
    public void A_server_named_queue_is_declared_waiting_for_its_name_even_with_noWait()
    {
        var spec = new AmqpEventSource { QueueDeclare = new AmqpQueueDeclare { NoWait = true } };
        Assert.False(AmqpTopology.From(spec).QueueNoWait);
        Assert.True(AmqpTopology.From(spec with { QueueDeclare = new AmqpQueueDeclare { Name = "q", NoWait = true } }).QueueNoWait);
    }

    [Fact]
    public void Queue_arguments_are_a_YAML_map_of_scalars()
    {
        Assert.True(AmqpQueueArguments.TryParse("x-queue-type: quorum\nx-max-length: 1000\nx-single-active-consumer: true", out var arguments, out _));
        Assert.Equal("quorum", arguments["x-queue-type"]);
        Assert.Equal(1000L, arguments["x-max-length"]);
        Assert.Equal(true, arguments["x-single-active-consumer"]);

        Assert.False(AmqpQueueArguments.TryParse("- a\n- b", out _, out var error));
        Assert.Contains("must be a map", error);
        Assert.False(AmqpQueueArguments.TryParse("x: {nested: 1}", out _, out error));
        Assert.Contains("\"x\"", error);
    }

    [Fact]
    public void A_digest_covers_every_segment_of_the_body()
    {
        Assert.Equal(MessageBody.Digest(Bytes("ab")), MessageBody.Digest(Bytes("ab")));
        Assert.NotEqual(MessageBody.Digest(Bytes("ab")), MessageBody.Digest(Bytes("ba")));
    }
}
