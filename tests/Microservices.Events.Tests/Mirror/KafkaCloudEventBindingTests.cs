using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Confluent.Kafka;
using Microservices.Events.BusGateway.Mirror;
using Microservices.Events.Contracts;

namespace Microservices.Events.Tests.Mirror;

/// <summary>The binary mode of the CloudEvents Kafka protocol binding 1.0 (§3.2), and reading both modes (§3.1, §3.3).</summary>
public sealed class KafkaCloudEventBindingTests
{
    private static readonly JsonEventFormatter Formatter = new();

    private static EventEnvelope Event(string? traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") => new()
    {
        Id = "e-1",
        Source = "webhook",
        Type = "webhook",
        Subject = "example",
        Time = new DateTimeOffset(2024, 7, 15, 10, 0, 0, TimeSpan.Zero),
        Data = JsonDocument.Parse("""{"body":{"message":"hi"}}""").RootElement,
        TraceParent = traceParent,
    };

    private static string? Header(Message<string?, byte[]?> message, string name) =>
        message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    public static TheoryData<string, string?> Headers() => new()
    {
        { "ce_specversion", "1.0" },
        { "ce_id", "e-1" },
        { "ce_source", "webhook" },
        { "ce_type", "webhook" },
        { "ce_subject", "example" },
        { "ce_time", "2024-07-15T10:00:00Z" },
        { "ce_traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
        { "content-type", "application/json" },
        { "ce_datacontenttype", null },
        { "ce_partitionkey", null },
        { "ce_data", null },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Binary_mode_puts_each_attribute_in_its_header(string header, string? expected)
    {
        var message = KafkaCloudEventBinding.ToBinaryMessage(CloudEventConversion.ToCloudEvent(Event(), withPartitionKey: true), Formatter);
        Assert.Equal(expected, Header(message, header));
    }

    [Fact]
    public void Binary_mode_makes_the_data_the_value_and_the_partition_key_the_key()
    {
        var message = KafkaCloudEventBinding.ToBinaryMessage(CloudEventConversion.ToCloudEvent(Event(), withPartitionKey: true), Formatter);
        Assert.Equal("webhook/example", message.Key);
        Assert.Equal("""{"body":{"message":"hi"}}""", Encoding.UTF8.GetString(message.Value!));
    }

    [Fact]
    public void Without_a_partition_key_the_record_has_no_key_and_without_data_no_value()
    {
        var message = KafkaCloudEventBinding.ToBinaryMessage(CloudEventConversion.ToCloudEvent(Event() with { Data = null }), Formatter);
        Assert.Null(message.Key);
        Assert.Null(message.Value);
        Assert.Null(Header(message, "content-type"));
    }

    [Fact]
    public void Without_trace_context_there_is_no_traceparent_header() =>
        Assert.Null(Header(KafkaCloudEventBinding.ToBinaryMessage(CloudEventConversion.ToCloudEvent(Event(traceParent: null)), Formatter), "ce_traceparent"));

    [Fact]
    public void A_binary_record_reads_back_as_the_same_event()
    {
        var original = Event();
        var message = KafkaCloudEventBinding.ToBinaryMessage(CloudEventConversion.ToCloudEvent(original, withPartitionKey: true), Formatter);

        var cloudEvent = KafkaCloudEventBinding.ToCloudEvent(message, Formatter, CloudEventConversion.Extensions);
        var read = CloudEventConversion.ToEnvelope(cloudEvent);

        Assert.Equal((original.Id, original.Source, original.Type, original.Subject, original.Time, original.TraceParent), (read.Id, read.Source, read.Type, read.Subject, read.Time, read.TraceParent));
        Assert.Equal(original.Data!.Value.GetRawText(), read.Data!.Value.GetRawText());
        Assert.Equal("webhook/example", cloudEvent["partitionkey"]);
    }

    [Theory]
    [InlineData("webhook", "webhook")]
    [InlineData("my.source", "my.source")]
    [InlineData("two words", "two%20words")]
    [InlineData("50%", "50%25")]
    public void A_source_name_is_a_URI_reference_and_reads_back_unchanged(string name, string header)
    {
        var message = KafkaCloudEventBinding.ToBinaryMessage(CloudEventConversion.ToCloudEvent(Event() with { Source = name }), Formatter);

        Assert.Equal(header, Header(message, "ce_source"));
        Assert.Equal(name, CloudEventConversion.ToEnvelope(KafkaCloudEventBinding.ToCloudEvent(message, Formatter)).Source);
    }

    [Fact]
    public void A_structured_record_is_read_from_its_value()
    {
        var structured = Formatter.EncodeStructuredModeMessage(CloudEventConversion.ToCloudEvent(Event()), out _);
        var message = new Message<string?, byte[]?>
        {
            Key = "k",
            Headers = new Headers { { "content-type", Encoding.UTF8.GetBytes("application/cloudevents+json; charset=utf-8") } },
            Value = structured.ToArray(),
        };

        var read = CloudEventConversion.ToEnvelope(KafkaCloudEventBinding.ToCloudEvent(message, Formatter, CloudEventConversion.Extensions));

        Assert.Equal(("e-1", "example"), (read.Id, read.Subject));
        Assert.Equal("hi", read.Data!.Value.GetProperty("body").GetProperty("message").GetString());
    }

    public static TheoryData<string, string?, string?, string> Unreadable() => new()
    {
        { "no CloudEvent headers", null, null, "not a CloudEvent" },
        { "unknown version", "0.1", null, "is not a known version" },
        { "missing id", "1.0", "", "not a valid CloudEvent record" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void A_record_that_is_no_CloudEvent_is_refused_with_the_reason(string _, string? specVersion, string? id, string reason)
    {
        var headers = new Headers();
        if (specVersion is not null)
        {
            headers.Add("ce_specversion", Encoding.UTF8.GetBytes(specVersion));
            headers.Add("ce_source", Encoding.UTF8.GetBytes("s"));
            headers.Add("ce_type", Encoding.UTF8.GetBytes("t"));
        }

        if (!string.IsNullOrEmpty(id))
        {
            headers.Add("ce_id", Encoding.UTF8.GetBytes(id));
        }

        var message = new Message<string?, byte[]?> { Headers = headers, Value = "{}"u8.ToArray() };

        var error = Assert.Throws<FormatException>(() => KafkaCloudEventBinding.ToCloudEvent(message, Formatter));
        Assert.Contains(reason, error.Message);
        Assert.Equal(specVersion is not null, KafkaCloudEventBinding.IsCloudEvent(message));
    }
}
