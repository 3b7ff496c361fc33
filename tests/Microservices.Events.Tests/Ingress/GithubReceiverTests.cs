using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Github;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microsoft.AspNetCore.Http;

namespace Microservices.Events.Tests.Ingress;

/// <summary>A GitHub delivery checked and shaped as Argo does, as a pure function of the spec, the secret and the request.</summary>
public sealed class GithubReceiverTests
{
    private const string Secret = "s3cret";
    private const string Push = """{"ref":"refs/heads/main","repository":{"full_name":"argoproj/argo-events"}}""";

    private static readonly GithubEventSource Spec = new() { Events = ["push", "ping"], Metadata = new Dictionary<string, string> { ["team"] = "platform" } };

    private static WebhookRequest Request(string body, string type = "push", string contentType = "application/json", string? signature = "auto", string header = "X-Hub-Signature-256")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var headers = new HeaderDictionary
        {
            ["Content-Type"] = contentType,
            [GithubReceiver.EventHeader] = type,
            [GithubReceiver.DeliveryHeader] = "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        };
        if (signature is not null)
        {
            headers[header] = signature == "auto" ? HubSignature.Sign(bytes, Secret, header == "X-Hub-Signature" ? "sha1" : "sha256") : signature;
        }

        return new WebhookRequest("POST", contentType, headers, [], bytes, DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void A_signed_push_becomes_headers_body_and_metadata_with_the_event_and_delivery_in_the_body()
    {
        var verdict = Assert.IsType<WebhookVerdict.Accepted>(GithubReceiver.Receive(Spec, Secret, Request(Push)));

        var data = JsonNode.Parse(verdict.Data.GetRawText())!;
        Assert.Equal("refs/heads/main", data["body"]!["ref"]!.GetValue<string>());
        Assert.Equal("push", data["body"]!["X-GitHub-Event"]!.GetValue<string>());
        Assert.Equal("72d3162e-cc78-11e3-81ab-4c9367dc0958", data["body"]!["X-GitHub-Delivery"]!.GetValue<string>());
        Assert.Equal("push", data["headers"]![GithubReceiver.EventHeader]![0]!.GetValue<string>());
        Assert.Equal("platform", data["metadata"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public void A_form_delivery_carries_the_payload_field_and_is_signed_over_the_raw_form()
    {
        var form = "payload=" + Uri.EscapeDataString(Push);

        var verdict = Assert.IsType<WebhookVerdict.Accepted>(GithubReceiver.Receive(Spec, Secret, Request(form, contentType: "application/x-www-form-urlencoded")));

        Assert.Equal("argoproj/argo-events", JsonNode.Parse(verdict.Data.GetRawText())!["body"]!["repository"]!["full_name"]!.GetValue<string>());
    }

    [Fact]
    public void The_sha1_header_is_accepted_when_there_is_no_sha256_header() =>
        Assert.IsType<WebhookVerdict.Accepted>(GithubReceiver.Receive(Spec, Secret, Request(Push, header: "X-Hub-Signature")));

    [Theory]
    [InlineData(null, "missing signature")]
    [InlineData("sha256=0000", "payload signature check failed")]
    [InlineData("md5=0000", "unknown hash type prefix")]
    public void A_missing_or_wrong_signature_is_refused_with_400(string? signature, string message)
    {
        var rejected = Assert.IsType<WebhookVerdict.Rejected>(GithubReceiver.Receive(Spec, Secret, Request(Push, signature: signature)));

        Assert.Equal(400, rejected.Status);
        Assert.Equal(message, rejected.Message);
        Assert.Equal("signature", rejected.Reason);
    }

    [Fact]
    public void A_body_changed_after_signing_is_refused()
    {
        var request = Request(Push);
        var tampered = request with { Body = Encoding.UTF8.GetBytes(Push.Replace("main", "evil", StringComparison.Ordinal)) };

        Assert.Equal("signature", Assert.IsType<WebhookVerdict.Rejected>(GithubReceiver.Receive(Spec, Secret, tampered)).Reason);
    }

    [Fact]
    public void Without_a_webhook_secret_no_signature_is_needed() =>
        Assert.IsType<WebhookVerdict.Accepted>(GithubReceiver.Receive(Spec, null, Request(Push, signature: null)));

    [Fact]
    public void A_secret_that_cannot_be_resolved_refuses_every_delivery() =>
        Assert.Equal(503, Assert.IsType<WebhookVerdict.Rejected>(GithubReceiver.Receive(Spec, "", Request(Push))).Status);

    [Fact]
    public void An_event_type_not_in_events_is_ignored_and_star_accepts_all()
    {
        Assert.Equal("event_type", Assert.IsType<WebhookVerdict.Ignored>(GithubReceiver.Receive(Spec, Secret, Request(Push, type: "issues"))).Outcome);
        Assert.IsType<WebhookVerdict.Accepted>(GithubReceiver.Receive(Spec with { Events = ["*"] }, Secret, Request(Push, type: "issues")));
        Assert.IsType<WebhookVerdict.Accepted>(GithubReceiver.Receive(Spec with { Events = null }, Secret, Request(Push, type: "issues")));
    }

    [Fact]
    public void A_ping_is_published_when_events_admit_it()
    {
        var ping = """{"zen":"Design for failure.","hook_id":1}""";

        Assert.IsType<WebhookVerdict.Accepted>(GithubReceiver.Receive(Spec, Secret, Request(ping, type: "ping")));
        Assert.IsType<WebhookVerdict.Ignored>(GithubReceiver.Receive(Spec with { Events = ["push"] }, Secret, Request(ping, type: "ping")));
    }

    [Theory]
    [InlineData("text/plain", "[1]", "content_type")]
    [InlineData("application/json", "[1]", "body")]
    [InlineData("application/json", "not json", "body")]
    public void Content_other_than_a_json_or_form_object_is_refused_with_400(string contentType, string body, string reason)
    {
        var rejected = Assert.IsType<WebhookVerdict.Rejected>(GithubReceiver.Receive(Spec, null, Request(body, contentType: contentType, signature: null)));

        Assert.Equal(400, rejected.Status);
        Assert.Equal(reason, rejected.Reason);
    }

    [Fact]
    public void The_content_type_may_carry_a_charset() =>
        Assert.IsType<WebhookVerdict.Accepted>(GithubReceiver.Receive(Spec, Secret, Request(Push, contentType: "application/json; charset=utf-8")));

}
