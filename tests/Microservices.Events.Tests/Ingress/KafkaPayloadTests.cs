using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Kafka;

namespace Microservices.Events.Tests.Ingress;

/// <summary>Argo's kafka event data from a message: key, headers, body as JSON or base64, Go's timestamp text, metadata.</summary>
public sealed class KafkaPayloadTests
{
    private static KafkaRecord Record(string? value, string? key = "k-1", params (string, string?)[] headers) =>
        new("orders", 2, 41, key is null ? null : Encoding.UTF8.GetBytes(key), value is null ? null : Encoding.UTF8.GetBytes(value),
            1714557600250, headers.Select(h => (h.Item1, h.Item2 is null ? null : Encoding.UTF8.GetBytes(h.Item2))).ToList());

    [Theory]
    [InlineData("""{"id":7}""", true, """{"id":7}""")]
    [InlineData(""" [1, 2] """, true, "[1,2]")]
    [InlineData("\"text\"", true, "\"text\"")]
    [InlineData("null", true, "null")]
    [InlineData("""{"id":7}""", false, "\"eyJpZCI6N30=\"")]
    [InlineData("not json", false, "\"bm90IGpzb24=\"")]
    [InlineData("", false, "\"\"")]
    public void The_body_is_json_with_jsonBody_and_base64_text_without(string value, bool jsonBody, string body)
    {
        var result = KafkaPayload.From(Record(value), jsonBody, null);

        Assert.Null(result.Malformed);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(result.Data!.Value.GetRawText())!["body"]), result.Data.Value.GetRawText());
    }

    [Theory]
    [InlineData("{\"id\":")]
    [InlineData("not json")]
    [InlineData("")]
    public void A_value_that_is_not_json_with_jsonBody_is_malformed(string value)
    {
        var result = KafkaPayload.From(Record(value), jsonBody: true, null);

        Assert.Null(result.Data);
        Assert.StartsWith("jsonBody is set and the value is not JSON", result.Malformed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_event_data_has_Argos_fields_with_headers_as_text_and_metadata()
    {
        var result = KafkaPayload.From(Record("""{"id":7}""", "customer-7", ("source", "shop"), ("trace", null), ("source", "shop-2")), true,
            new Dictionary<string, string> { ["team"] = "orders" });

        var expected = JsonNode.Parse("""
            {"topic":"orders","key":"customer-7","partition":2,"body":{"id":7},"timestamp":"2024-05-01 10:00:00.25 +0000 UTC",
             "headers":{"source":"shop-2","trace":""},"metadata":{"team":"orders"}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(result.Data!.Value.GetRawText())), result.Data.Value.GetRawText());
    }

    [Fact]
    public void A_message_without_key_or_value_has_an_empty_key_a_null_body_and_no_metadata()
    {
        var data = JsonNode.Parse(KafkaPayload.From(Record(null, key: null), true, new Dictionary<string, string>()).Data!.Value.GetRawText())!;

        Assert.Equal("", (string?)data["key"]);
        Assert.Null(data["body"]);
        Assert.True(data.AsObject().ContainsKey("body"));
        Assert.False(data.AsObject().ContainsKey("metadata"));
        Assert.Equal("orders/2@41", Record(null).Coordinates);
    }

    [Theory]
    [InlineData(1714557600000, "2024-05-01 10:00:00 +0000 UTC")]
    [InlineData(1714557600100, "2024-05-01 10:00:00.1 +0000 UTC")]
    [InlineData(1714557600123, "2024-05-01 10:00:00.123 +0000 UTC")]
    [InlineData(0, "1970-01-01 00:00:00 +0000 UTC")]
    public void The_timestamp_is_gos_time_text_in_utc(long milliseconds, string text) =>
        Assert.Equal(text, KafkaPayload.GoTimestamp(milliseconds));

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(-1, 0, 0)]
    [InlineData(1, 0, 1000)]
    [InlineData(1, 400, 600)]
    [InlineData(4, 100, 150)]
    [InlineData(4, 250, 0)]
    [InlineData(10, 5000, 0)]
    public void A_limit_of_events_per_second_waits_out_the_rest_of_each_interval(long limit, int elapsedMs, int waitMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(waitMs), KafkaPacing.Wait(limit, TimeSpan.FromMilliseconds(elapsedMs)));
}
