using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Gerrit;
using Microservices.Events.Ingress.Sources.Webhook;
using Microsoft.AspNetCore.Http;

namespace Microservices.Events.Tests.Ingress;

/// <summary>A Gerrit webhooks-plugin delivery checked and shaped as Argo does, as a pure function of the events, metadata and request.</summary>
public sealed class GerritReceiverTests
{
    private const string PatchSet = """{"type":"patchset-created","change":{"project":"argo/webhook","number":42},"patchSet":{"number":1}}""";
    private static readonly string[] Events = ["patchset-created", "change-merged"];
    private static readonly Dictionary<string, string> Metadata = new() { ["team"] = "review" };

    private static WebhookRequest Request(string body) =>
        new("POST", "application/json", new HeaderDictionary { ["Content-Type"] = "application/json" }, [], Encoding.UTF8.GetBytes(body), DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_listed_event_becomes_headers_body_and_metadata()
    {
        var accepted = Assert.IsType<WebhookVerdict.Accepted>(GerritReceiver.Receive(Events, Metadata, Request(PatchSet)));

        var data = JsonNode.Parse(accepted.Data.GetRawText())!;
        Assert.Equal(42, data["body"]!["change"]!["number"]!.GetValue<int>());
        Assert.Equal("application/json", data["headers"]!["Content-Type"]![0]!.GetValue<string>());
        Assert.Equal("review", data["metadata"]!["team"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"type":"comment-added"}""")]
    [InlineData("""{"change":{"number":1}}""")]
    [InlineData("""{"type":7}""")]
    public void An_event_type_not_in_events_is_ignored(string body) =>
        Assert.IsType<WebhookVerdict.Ignored>(GerritReceiver.Receive(Events, null, Request(body)));

    [Fact]
    public void Without_events_every_type_is_kept() =>
        Assert.IsType<WebhookVerdict.Accepted>(GerritReceiver.Receive(null, null, Request("""{"type":"ref-updated"}""")));

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public void A_body_that_is_not_a_json_object_is_refused_with_400(string body)
    {
        var rejected = Assert.IsType<WebhookVerdict.Rejected>(GerritReceiver.Receive(Events, null, Request(body)));

        Assert.Equal(400, rejected.Status);
        Assert.Equal("body", rejected.Reason);
    }
}
