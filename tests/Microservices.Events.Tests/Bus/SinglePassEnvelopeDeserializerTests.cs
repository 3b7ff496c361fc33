using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using Microservices.Events.Contracts;
using Microservices.Events.ServiceDefaults.Serialization;

namespace Microservices.Events.Tests.Bus;

/// <summary>
/// The one-parse envelope reader gives MassTransit what MassTransit's own reader gives it, for the same bodies: ids,
/// addresses, times, headers, host, message types and the message; and refuses what MassTransit's reader refuses.
/// </summary>
public sealed class SinglePassEnvelopeDeserializerTests
{
    private const string Event =
        "{\"event\":{\"specVersion\":\"1.0\",\"id\":\"e-1\",\"source\":\"hooks\",\"type\":\"webhook\",\"subject\":\"example\",\"time\":\"2026-12-01T02:00:00+00:00\",\"dataContentType\":\"application/json\",\"data\":{\"body\":{\"a\":[1,2.5,\"é\"],\"b\":null}},\"traceParent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"},\"receivedAt\":\"2026-12-01T02:00:00.1234567+00:00\",\"publishedAt\":\"2026-12-01T02:00:00.2+00:00\"}";

    public static TheoryData<string, string> Bodies => new()
    {
        {
            "as MassTransit writes it",
            "{\"messageId\":\"0f0e0000-5d8a-0015-1b3a-08de3032b5a1\",\"correlationId\":\"5b1c2a4e-0000-4000-8000-000000000001\",\"conversationId\":\"0f0e0000-5d8a-0015-1b3a-08de3032b5a2\",\"sourceAddress\":\"rabbitmq://localhost/bus-gateway\",\"destinationAddress\":\"rabbitmq://localhost/Microservices.Events.Contracts:EventPublished\",\"messageType\":[\"urn:message:Microservices.Events.Contracts:EventPublished\"],\"message\":"
            + Event + ",\"sentTime\":\"2026-12-01T02:00:00.3456789Z\",\"headers\":{\"MT-Activity-Id\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\",\"attempt\":3,\"ratio\":0.25,\"flag\":true,\"nothing\":null,\"nested\":{\"x\":[1,{\"y\":\"z\"}]}},\"host\":{\"machineName\":\"node-1\",\"processName\":\"bus-gateway\",\"processId\":4242,\"assembly\":\"Microservices.Events.BusGateway\",\"assemblyVersion\":\"1.0.0.0\",\"frameworkVersion\":\"10.0.12\",\"massTransitVersion\":\"8.5.12.0\",\"operatingSystemVersion\":\"Unix 6.18\"}}"
        },
        {
            "every id and address, an expiration, no headers or host",
            "{\"messageId\":\"00000000-0000-0000-0000-000000000001\",\"requestId\":\"00000000-0000-0000-0000-000000000002\",\"correlationId\":\"00000000-0000-0000-0000-000000000003\",\"conversationId\":\"00000000-0000-0000-0000-000000000004\",\"initiatorId\":\"00000000-0000-0000-0000-000000000005\",\"sourceAddress\":\"loopback://localhost/a\",\"destinationAddress\":\"loopback://localhost/b\",\"responseAddress\":\"loopback://localhost/c\",\"faultAddress\":\"loopback://localhost/d\",\"messageType\":[\"urn:message:Microservices.Events.Contracts:EventPublished\",\"urn:message:Other:Type\"],\"message\":"
            + Event + ",\"expirationTime\":\"2026-12-01T03:00:00Z\",\"sentTime\":\"2026-12-01T02:00:00Z\"}"
        },
        {
            "property names in other cases, nulls, unknown properties, comments and a trailing comma",
            "{\"MessageId\":\"00000000-0000-0000-0000-00000000000a\",\"REQUESTID\":null,\"SourceAddress\":\"loopback://localhost/a\",\"MessageType\":[\"urn:message:Microservices.Events.Contracts:EventPublished\"],\"unknown\":{\"deep\":[1,2,3]},/* a comment */\"Message\":"
            + Event + ",\"SENTTIME\":null,\"Headers\":{\"A\":\"1\"},\"host\":null,}"
        },
        {
            "no message type, as a raw sender might write it",
            "{\"messageId\":\"00000000-0000-0000-0000-00000000000b\",\"message\":" + Event + "}"
        },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Reads_an_envelope_as_MassTransits_reader_does(string title, string json)
    {
        var theirs = SystemTextJsonMessageSerializer.Instance.Deserialize(Body(json), EmptyHeaders.Instance);
        var ours = SinglePassEnvelopeDeserializer.Instance.Deserialize(Body(json), EmptyHeaders.Instance);

        Assert.True(theirs.MessageId == ours.MessageId, title);
        Assert.Equal(theirs.RequestId, ours.RequestId);
        Assert.Equal(theirs.CorrelationId, ours.CorrelationId);
        Assert.Equal(theirs.ConversationId, ours.ConversationId);
        Assert.Equal(theirs.InitiatorId, ours.InitiatorId);
        Assert.Equal(theirs.SourceAddress, ours.SourceAddress);
        Assert.Equal(theirs.DestinationAddress, ours.DestinationAddress);
        Assert.Equal(theirs.ResponseAddress, ours.ResponseAddress);
        Assert.Equal(theirs.FaultAddress, ours.FaultAddress);
        Assert.Equal(theirs.SentTime, ours.SentTime);
        Assert.Equal(theirs.SentTime?.Kind, ours.SentTime?.Kind);
        Assert.Equal(theirs.ExpirationTime, ours.ExpirationTime);
        Assert.Equal(theirs.SupportedMessageTypes, ours.SupportedMessageTypes);
        Assert.Equal(HeaderText(theirs.Headers), HeaderText(ours.Headers));
        Assert.Equal(JsonSerializer.Serialize(theirs.Host), JsonSerializer.Serialize(ours.Host));

        // Without a message type neither gives the message as a type of its own.
        Assert.Equal(theirs.TryGetMessage<EventPublished>(out var expected), ours.TryGetMessage<EventPublished>(out var actual));
        Assert.Equal(theirs.SupportedMessageTypes.Length > 0, actual is not null);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
        Assert.True(actual is null || actual.Event.Data!.Value.GetRawText() == "{\"body\":{\"a\":[1,2.5,\"é\"],\"b\":null}}");
    }

    [Fact]
    public void The_first_envelope_has_values_of_every_kind_so_the_comparison_compares_something()
    {
        var ours = SinglePassEnvelopeDeserializer.Instance.Deserialize(Body(Bodies.First()[1].ToString()!), EmptyHeaders.Instance);

        Assert.Equal(Guid.Parse("0f0e0000-5d8a-0015-1b3a-08de3032b5a1"), ours.MessageId);
        Assert.Equal(new Uri("rabbitmq://localhost/bus-gateway"), ours.SourceAddress);
        Assert.Equal(new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc).AddTicks(3456789), ours.SentTime);
        Assert.Equal(3L, ours.Headers.Get<long>("attempt"));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", ours.Headers.Get<string>("mt-activity-id"));
        Assert.Equal("bus-gateway", ours.Host.ProcessName);
        Assert.Equal(4242, ours.Host.ProcessId);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "not JSON", "{\"message\":" },
        { "an array", "[1,2]" },
        { "a string", "\"envelope\"" },
        { "no message", "{\"messageId\":\"00000000-0000-0000-0000-000000000001\"}" },
        { "a null message", "{\"message\":null}" },
        { "a number as the message id", "{\"messageId\":7,\"message\":{}}" },
        { "a sent time that is no time", "{\"sentTime\":\"yesterday\",\"message\":{}}" },
        { "message types that are not strings", "{\"messageType\":[1],\"message\":{}}" },
        { "headers that are an array", "{\"headers\":[1],\"message\":{}}" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_what_MassTransits_reader_refuses(string title, string json)
    {
        Assert.Throws<SerializationException>(() => SystemTextJsonMessageSerializer.Instance.Deserialize(Body(json), EmptyHeaders.Instance));
        var error = Record.Exception(() => SinglePassEnvelopeDeserializer.Instance.Deserialize(Body(json), EmptyHeaders.Instance));
        Assert.True(error is SerializationException, $"{title}: {error?.GetType().Name ?? "no error"}");
    }

    [Fact]
    public async Task A_message_it_read_is_moved_to_the_error_queue_with_its_id_headers_and_message()
    {
        await using var gateway = await EventBusWiringTests.StartGatewayAsync();
        var moved = new TaskCompletionSource<ConsumeContext<EventIngested>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = gateway.Bus.ConnectReceiveEndpoint($"{EndpointNames.BusGateway}_error", e => e.Handler<EventIngested>(context =>
        {
            moved.TrySetResult(context);
            return Task.CompletedTask;
        }));
        await handle.Ready;
        var messageId = Guid.NewGuid();
        var data = JsonDocument.Parse("{\"body\":{\"a\":[1,2.5,\"é\"]}}").RootElement;
        var endpoint = await gateway.Bus.GetSendEndpoint(new Uri($"queue:{EndpointNames.BusGateway}"));

        // No source: bus-gateway refuses the event, and MassTransit moves the message it read to the error queue.
        await endpoint.Send(
            new EventIngested { Event = new EventEnvelope { Id = "to-error", Type = "webhook", Subject = "example", Time = DateTimeOffset.UtcNow, Data = data }, ReceivedAt = DateTimeOffset.UtcNow },
            context =>
            {
                context.MessageId = messageId;
                context.Headers.Set("x-kept", "yes");
            });

        var received = await moved.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(messageId, received.MessageId);
        Assert.Equal("yes", received.Headers.Get<string>("x-kept"));
        Assert.Contains("source: required", received.ReceiveContext.TransportHeaders.Get<string>("MT-Fault-Message"));
        Assert.Equal("to-error", received.Message.Event.Id);
        Assert.Equal(data.GetRawText(), received.Message.Event.Data!.Value.GetRawText());
    }

    private static MemoryMessageBody Body(string json) => new(Encoding.UTF8.GetBytes(json));

    private static string HeaderText(Headers headers) =>
        string.Join("\n", headers.GetAll().OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={JsonSerializer.Serialize(h.Value)} ({h.Value?.GetType().Name})"));
}
