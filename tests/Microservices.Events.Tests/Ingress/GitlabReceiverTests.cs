using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Gitlab;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microsoft.AspNetCore.Http;

namespace Microservices.Events.Tests.Ingress;

/// <summary>A GitLab delivery checked and shaped as Argo does, as a pure function of the spec, the secret token and the request.</summary>
public sealed class GitlabReceiverTests
{
    private const string Token = "gl-s3cret";
    private const string Push = """{"object_kind":"push","ref":"refs/heads/main","project":{"path_with_namespace":"whynowy/test"}}""";
    private static readonly GitlabEventSource Spec = new() { Events = ["PushEvents", "MergeRequestsEvents"], Metadata = new Dictionary<string, string> { ["team"] = "platform" } };

    private static WebhookRequest Request(string body = Push, string eventHeader = "Push Hook", string? token = Token)
    {
        var headers = new HeaderDictionary { ["Content-Type"] = "application/json", [GitlabReceiver.EventHeader] = eventHeader };
        if (token is not null)
        {
            headers[GitlabReceiver.TokenHeader] = token;
        }

        return new WebhookRequest("POST", "application/json", headers, [], Encoding.UTF8.GetBytes(body), DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void A_push_with_the_token_becomes_headers_body_and_metadata()
    {
        var accepted = Assert.IsType<WebhookVerdict.Accepted>(GitlabReceiver.Receive(Spec, Token, Request()));

        var data = JsonNode.Parse(accepted.Data.GetRawText())!;
        Assert.Equal("push", data["body"]!["object_kind"]!.GetValue<string>());
        Assert.Equal("Push Hook", data["headers"]![GitlabReceiver.EventHeader]![0]!.GetValue<string>());
        Assert.Equal("platform", data["metadata"]!["team"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("gl-s3cre")]
    public void A_missing_or_wrong_token_is_refused_with_400(string? token)
    {
        var rejected = Assert.IsType<WebhookVerdict.Rejected>(GitlabReceiver.Receive(Spec, Token, Request(token: token)));

        Assert.Equal(400, rejected.Status);
        Assert.Equal("token mismatch", rejected.Message);
        Assert.Equal("token", rejected.Reason);
    }

    [Fact]
    public void Without_a_secret_token_any_delivery_is_taken() =>
        Assert.IsType<WebhookVerdict.Accepted>(GitlabReceiver.Receive(Spec, null, Request(token: null)));

    [Theory]
    [InlineData("Merge Request Hook", true)]
    [InlineData("Issue Hook", false)]
    [InlineData("Pipeline Hook", false)]
    [InlineData("", false)]
    public void The_events_list_is_applied_to_the_event_header(string header, bool published)
    {
        var verdict = GitlabReceiver.Receive(Spec, Token, Request(eventHeader: header));

        Assert.Equal(published, verdict is WebhookVerdict.Accepted);
        Assert.Equal(!published, verdict is WebhookVerdict.Ignored { Outcome: "event_type" });
    }

    [Fact]
    public void Every_known_event_name_maps_to_its_header_and_no_list_accepts_all()
    {
        Assert.All(GitlabHookEvents.All, e => Assert.True(GitlabReceiver.Accepts([e.Key], e.Value.Header)));
        Assert.True(GitlabReceiver.Accepts(null, "System Hook"));
    }

    [Fact]
    public void A_body_that_is_not_json_is_refused_with_400() =>
        Assert.Equal("body", Assert.IsType<WebhookVerdict.Rejected>(GitlabReceiver.Receive(Spec, Token, Request(body: "not json"))).Reason);
}
