using System.Text;
using System.Text.Json;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Ingress.Sources.Nats;
using Microservices.Events.Ingress.Sources.Redis;

namespace Microservices.Events.Tests.Ingress.Consumers;

/// <summary>The event data of the nats, redis and redisStream kinds as Argo shapes it, and the body rule of every consumer kind.</summary>
public sealed class ConsumerPayloadTests
{
    [Theory]
    [InlineData("{\"a\":1}", true, false, "{\"a\":1}")]
    [InlineData("null", true, false, "null")]
    [InlineData("hi", false, false, "\"aGk=\"")]
    [InlineData("hi", false, true, "\"hi\"")]
    [InlineData("", false, false, "\"\"")]
    public void A_body_is_json_with_json_body_else_base64_or_text(string bytes, bool jsonBody, bool asText, string expected)
    {
        Assert.True(EdgeBody.TryFrom(Encoding.UTF8.GetBytes(bytes), jsonBody, asText, out var body, out var error));
        Assert.Null(error);
        Assert.Equal(expected, body?.ToJsonString() ?? "null");
    }

    [Theory]
    [InlineData("{oops")]
    [InlineData("")]
    [InlineData("{\"a\":1} trailing")]
    public void A_body_that_is_not_json_with_json_body_is_refused_with_the_reason(string bytes)
    {
        Assert.False(EdgeBody.TryFrom(Encoding.UTF8.GetBytes(bytes), jsonBody: true, asText: false, out _, out var error));
        Assert.Contains("not JSON", error);
    }

    [Fact]
    public void A_nats_message_is_subject_header_body_and_metadata()
    {
        Assert.True(NatsPayload.TryBuild("a.b", [KeyValuePair.Create("k", (IReadOnlyList<string>)["1", "2"])], Encoding.UTF8.GetBytes("[1]"), jsonBody: true,
            new Dictionary<string, string> { ["m"] = "v" }, out var data, out _));

        Assert.Equal("""{"subject":"a.b","header":{"k":["1","2"]},"body":[1],"metadata":{"m":"v"}}""", data.GetRawText());
    }

    [Fact]
    public void A_nats_message_without_headers_or_metadata_has_an_empty_header_and_no_metadata()
    {
        Assert.True(NatsPayload.TryBuild("a", null, Encoding.UTF8.GetBytes("x"), jsonBody: false, null, out var data, out _));

        Assert.Equal("""{"subject":"a","header":{},"body":"eA=="}""", data.GetRawText());
    }

    [Fact]
    public void A_redis_message_is_channel_pattern_and_body()
    {
        Assert.True(RedisPayload.TryMessage("news.eu", "news.*", Encoding.UTF8.GetBytes("héllo"), jsonBody: false, null, out var data, out _));

        Assert.Equal("news.eu", data.GetProperty("channel").GetString());
        Assert.Equal("news.*", data.GetProperty("pattern").GetString());
        Assert.Equal("héllo", data.GetProperty("body").GetString());
        Assert.False(data.TryGetProperty("metadata", out _));
    }

    [Fact]
    public void A_redis_stream_entry_is_stream_message_id_and_values()
    {
        var data = RedisPayload.Entry("FOO", "1-0", [KeyValuePair.Create("message", "hello")], new Dictionary<string, string> { ["m"] = "v" });

        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse("""{"stream":"FOO","message_id":"1-0","values":{"message":"hello"},"metadata":{"m":"v"}}""").RootElement, data));
    }

    [Theory]
    [InlineData("FOO", false)]
    [InlineData("news.*", true)]
    [InlineData("h?llo", true)]
    [InlineData("h[ae]llo", true)]
    public void A_channel_with_a_glob_character_is_subscribed_as_a_pattern(string channel, bool pattern) =>
        Assert.Equal(pattern, RedisSource.Channel(channel).IsPattern);
}
