using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.StorageGrid;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microsoft.AspNetCore.Http;

namespace Microservices.Events.Tests.Ingress;

/// <summary>A StorageGRID notification post parsed, filtered and shaped as Argo does, as a pure function of the spec and the request.</summary>
public sealed class StorageGridReceiverTests
{
    private static readonly StorageGridEventSource Spec = new()
    {
        Events = ["s3:ObjectCreated:*"],
        Filter = new StorageGridFilter { Prefix = "hello-", Suffix = ".txt" },
        Metadata = new Dictionary<string, string> { ["site"] = "dc1" },
    };

    public static string Message(string key = "hello-world.txt", string eventName = "ObjectCreated:Put", string sequencer = "16F1B0C4A2E0D111") => $$$$"""
        {"Records":[{"eventVersion":"2.0","eventSource":"sgws:s3","eventTime":"2026-11-29T04:00:00Z","eventName":"{{{{eventName}}}}",
          "userIdentity":{"principalId":"1111"},"requestParameters":{"sourceIPAddress":"10.0.0.1"},
          "responseElements":{"x-amz-request-id":"1234"},
          "s3":{"s3SchemaVersion":"1.0","configurationId":"cfg","bucket":{"name":"photos","ownerIdentity":{"principalId":"1111"},"arn":"arn:aws:s3:::photos"},
                "object":{"key":"{{{{key}}}}","size":5,"eTag":"abc","sequencer":"{{{{sequencer}}}}"}}}]}
        """;

    public static string Form(string message) =>
        $"Action=Publish&Message={Uri.EscapeDataString(message)}&TopicArn={Uri.EscapeDataString("urn:sgws:sns:us-east-1:1111:events")}&Version=2010-03-31";

    private static WebhookRequest Request(string body) =>
        new("POST", "application/x-www-form-urlencoded", new HeaderDictionary { ["Content-Type"] = "application/x-www-form-urlencoded" }, [], Encoding.UTF8.GetBytes(body), DateTimeOffset.UnixEpoch);

    private static WebhookVerdict Receive(string body, StorageGridEventSource? spec = null) => StorageGridReceiver.Receive("grid", "photos", spec ?? Spec, Request(body));

    [Fact]
    public void A_notification_becomes_the_form_with_its_message_parsed_and_metadata()
    {
        var accepted = Assert.IsType<WebhookVerdict.Accepted>(Receive(Form(Message())));

        var data = JsonNode.Parse(accepted.Data.GetRawText())!;
        Assert.Equal("Publish", data["notification"]!["Action"]!.GetValue<string>());
        Assert.Equal("urn:sgws:sns:us-east-1:1111:events", data["notification"]!["TopicArn"]!.GetValue<string>());
        Assert.Equal("hello-world.txt", data["notification"]!["Message"]!["Records"]![0]!["s3"]!["object"]!["key"]!.GetValue<string>());
        Assert.Equal("dc1", data["metadata"]!["site"]!.GetValue<string>());
    }

    [Fact]
    public void A_redelivered_notification_gets_the_same_id_and_another_change_another()
    {
        var first = Assert.IsType<WebhookVerdict.Accepted>(Receive(Form(Message()))).Id;
        var again = Assert.IsType<WebhookVerdict.Accepted>(Receive(Form(Message()))).Id;
        var next = Assert.IsType<WebhookVerdict.Accepted>(Receive(Form(Message(sequencer: "16F1B0C4A2E0D222")))).Id;

        Assert.NotNull(first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, next);
    }

    [Theory]
    [InlineData("other-world.txt")]
    [InlineData("hello-world.jpg")]
    public void A_key_outside_the_prefix_or_suffix_is_dropped(string key) =>
        Assert.IsType<WebhookVerdict.Ignored>(Receive(Form(Message(key: key))));

    [Fact]
    public void An_event_not_in_events_is_dropped() =>
        Assert.IsType<WebhookVerdict.Ignored>(Receive(Form(Message(eventName: "ObjectRemoved:Delete"))));

    [Theory]
    [InlineData("ObjectCreated:Put", "ObjectCreated:Put", true)]
    [InlineData("s3:ObjectCreated:*", "ObjectCreated:Put", true)]
    [InlineData("s3:ObjectCreated:*", "s3:ObjectCreated:Copy", true)]
    [InlineData("s3:ObjectCreated:Put", "ObjectCreated:Put", true)]
    [InlineData("s3:ObjectCreated:Put", "ObjectCreated:Post", false)]
    [InlineData("s3:ObjectRemoved:*", "ObjectCreated:Put", false)]
    public void Event_names_match_exactly_or_as_S3_patterns(string wanted, string eventName, bool matches) =>
        Assert.Equal(matches, StorageGridNotification.EventMatches(wanted, eventName));

    [Theory]
    [InlineData("")]
    [InlineData("Action=Publish")]
    [InlineData("Action=Publish&Message=%7Bnot%20json")]
    [InlineData("Action=Publish&Message=%7B%22Records%22%3A%5B%5D%7D")]
    [InlineData("{\"Records\":[]}")]
    public void A_body_that_is_not_a_notification_is_refused_with_400(string body)
    {
        var rejected = Assert.IsType<WebhookVerdict.Rejected>(Receive(body));

        Assert.Equal(400, rejected.Status);
        Assert.Equal("body", rejected.Reason);
    }
}
