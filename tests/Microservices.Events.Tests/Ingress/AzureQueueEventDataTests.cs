using System.Text.Json;
using Microservices.Events.Ingress.Sources.AzureQueueStorage;
using Microservices.Events.Ingress.Sources.Consumers;

namespace Microservices.Events.Tests.Ingress;

/// <summary>The event data and event id of an Azure Queue Storage message, as pure functions.</summary>
public sealed class AzureQueueEventDataTests
{
    private static readonly DateTimeOffset Inserted = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    // text, jsonBody, decodeMessage, expected body (JSON)
    [InlineData("""{"n": 1}""", true, false, """{"n":1}""")]
    [InlineData("hello", false, false, "\"aGVsbG8=\"")]
    [InlineData("eyJuIjogMX0=", true, true, """{"n":1}""")]
    [InlineData("aGVsbG8=", false, true, "\"aGVsbG8=\"")]
    [InlineData("[1,2]", true, false, "[1,2]")]
    public void The_body_follows_jsonBody_and_decodeMessage(string text, bool jsonBody, bool decodeMessage, string expected)
    {
        var data = AzureQueueEventData.From("m-1", Inserted, text, jsonBody, decodeMessage, null, out var problem);

        Assert.Null(problem);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, data!.Value.GetProperty("body")), data.Value.GetRawText());
    }

    [Fact]
    public void The_data_has_Argos_fields_and_leaves_out_empty_metadata()
    {
        var with = AzureQueueEventData.From("m-1", Inserted, "{}", true, false, new Dictionary<string, string> { ["team"] = "a" }, out _)!.Value;
        var without = AzureQueueEventData.From("m-1", Inserted, "{}", true, false, new Dictionary<string, string>(), out _)!.Value;

        Assert.Equal(["body", "messageID", "insertionTime", "metadata"], with.EnumerateObject().Select(p => p.Name));
        Assert.Equal("m-1", with.GetProperty("messageID").GetString());
        Assert.Equal("2024-05-01T10:00:00Z", with.GetProperty("insertionTime").GetString());
        Assert.Equal("a", with.GetProperty("metadata").GetProperty("team").GetString());
        Assert.False(without.TryGetProperty("metadata", out _));
    }

    [Theory]
    [InlineData("not json {", true, false, "jsonBody is set and the body is not JSON")]
    [InlineData("%%%", false, true, "decodeMessage is set and the message text is not base64")]
    [InlineData("bm90IGpzb24=", true, true, "jsonBody is set and the body is not JSON")]
    public void A_message_that_cannot_become_data_names_the_reason(string text, bool jsonBody, bool decodeMessage, string reason)
    {
        var data = AzureQueueEventData.From("m-1", Inserted, text, jsonBody, decodeMessage, null, out var problem);

        Assert.Null(data);
        Assert.StartsWith(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2024, 5, 1, 10, 0, 0, 0, "2024-05-01T10:00:00Z")]
    [InlineData(2024, 5, 1, 10, 0, 0, 500, "2024-05-01T10:00:00.5Z")]
    [InlineData(1999, 12, 31, 23, 59, 59, 123, "1999-12-31T23:59:59.123Z")]
    public void Insertion_times_are_written_as_Go_writes_them(int y, int mo, int d, int h, int mi, int s, int ms, string expected) =>
        Assert.Equal(expected, AzureQueueEventData.GoTime(new DateTimeOffset(y, mo, d, h, mi, s, ms, TimeSpan.Zero)));

    [Fact]
    public void Event_ids_come_from_account_queue_and_message_id()
    {
        var id = EdgeIds.From("azure", "example", "acct", "orders", "m-1");

        Assert.Equal(id, EdgeIds.From("azure", "example", "acct", "orders", "m-1"));
        Assert.NotEqual(id, EdgeIds.From("azure", "example", "acct", "orders", "m-2"));
        Assert.NotEqual(id, EdgeIds.From("azure", "example", "acct", "other", "m-1"));
        Assert.NotEqual(id, EdgeIds.From("azure", "example", "other", "orders", "m-1"));
    }
}
