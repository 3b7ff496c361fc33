using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Slack;
using Microservices.Events.Ingress.Sources.Webhook;
using Microsoft.AspNetCore.Http;

namespace Microservices.Events.Tests.Ingress;

/// <summary>Slack's signing (v0), timestamps, url_verification, event callbacks and interactive payloads, as pure functions.</summary>
public sealed class SlackReceiverTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Token = "Jhj5dZrVaK7ZwHHjRyZWjbDl";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static WebhookRequest Request(string body, string contentType = "application/json", DateTimeOffset? signedAt = null, string? signature = "sign")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = (signedAt ?? Now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = new HeaderDictionary { ["Content-Type"] = contentType, ["X-Slack-Request-Timestamp"] = timestamp };
        if (signature is not null)
        {
            headers["X-Slack-Signature"] = signature == "sign" ? SlackReceiver.Sign(Secret, timestamp, bytes) : signature;
        }

        return new WebhookRequest("POST", contentType, headers, [], bytes, Now);
    }

    private static string Callback(string token = Token) =>
        $$"""{"token":"{{token}}","team_id":"T1","type":"event_callback","event":{"type":"app_mention","user":"U1","text":"<@U0> deploy","channel":"C1"},"event_id":"Ev1"}""";

    [Fact]
    public void The_signature_is_v0_hex_hmac_of_version_timestamp_and_body() =>
        Assert.Equal("v0=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), "v0:1531420618:a=b"u8)),
            SlackReceiver.Sign(Secret, "1531420618", "a=b"u8.ToArray()));

    [Fact]
    public void A_signed_event_callback_publishes_its_inner_event()
    {
        var accepted = Assert.IsType<WebhookVerdict.Accepted>(SlackReceiver.Receive(Secret, Token, Request(Callback())));

        var data = JsonNode.Parse(accepted.Data.GetRawText())!;
        Assert.Equal("app_mention", data["type"]!.GetValue<string>());
        Assert.Equal("<@U0> deploy", data["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_url_verification_is_answered_with_its_challenge_and_not_published()
    {
        var answered = Assert.IsType<WebhookVerdict.Answered>(SlackReceiver.Receive(Secret, Token,
            Request($$"""{"token":"{{Token}}","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""")));

        Assert.Equal(200, answered.Status);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", answered.Body);
    }

    [Fact]
    public void An_interactive_payload_is_published_as_its_json()
    {
        var form = "payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":"U1"},"actions":[{"action_id":"approve","value":"yes"}]}""");

        var accepted = Assert.IsType<WebhookVerdict.Accepted>(SlackReceiver.Receive(Secret, Token, Request(form, "application/x-www-form-urlencoded")));

        Assert.Equal("approve", JsonNode.Parse(accepted.Data.GetRawText())!["actions"]![0]!["action_id"]!.GetValue<string>());
    }

    [Fact]
    public void A_slash_command_is_published_as_its_form_fields()
    {
        var accepted = Assert.IsType<WebhookVerdict.Accepted>(SlackReceiver.Receive(Secret, Token, Request("command=%2Fdeploy&text=prod&user_id=U1", "application/x-www-form-urlencoded")));

        var data = JsonNode.Parse(accepted.Data.GetRawText())!;
        Assert.Equal("/deploy", data["command"]!.GetValue<string>());
        Assert.Equal("prod", data["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null, 0, "signature")]
    [InlineData("v0=0000", 0, "signature")]
    [InlineData("sign", -301, "timestamp")]
    [InlineData("sign", 301, "timestamp")]
    public void A_missing_wrong_or_stale_signature_is_refused_with_401(string? signature, int ageSeconds, string reason)
    {
        var rejected = Assert.IsType<WebhookVerdict.Rejected>(SlackReceiver.Receive(Secret, Token, Request(Callback(), signedAt: Now.AddSeconds(-ageSeconds), signature: signature)));

        Assert.Equal(401, rejected.Status);
        Assert.Equal(reason, rejected.Reason);
    }

    [Fact]
    public void A_timestamp_just_inside_five_minutes_is_accepted() =>
        Assert.IsType<WebhookVerdict.Accepted>(SlackReceiver.Receive(Secret, Token, Request(Callback(), signedAt: Now.AddSeconds(-299))));

    [Fact]
    public void A_wrong_verification_token_is_refused_as_Argo_does()
    {
        var rejected = Assert.IsType<WebhookVerdict.Rejected>(SlackReceiver.Receive(Secret, Token, Request(Callback(token: "other"))));

        Assert.Equal(500, rejected.Status);
        Assert.Equal("token", rejected.Reason);
    }

    [Fact]
    public void A_request_of_another_type_is_answered_and_not_published() =>
        Assert.IsType<WebhookVerdict.Ignored>(SlackReceiver.Receive(Secret, Token, Request($$"""{"token":"{{Token}}","type":"app_rate_limited","minute_rate_limited":1518467820}""")));

    [Fact]
    public void Without_a_signing_secret_or_token_requests_are_not_verified() =>
        Assert.IsType<WebhookVerdict.Accepted>(SlackReceiver.Receive(null, null, Request(Callback(token: "anything"), signature: null)));
}
