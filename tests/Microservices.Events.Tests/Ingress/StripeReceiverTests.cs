using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Stripe;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microsoft.AspNetCore.Http;

namespace Microservices.Events.Tests.Ingress;

/// <summary>Stripe-Signature (t=…,v1=…) with tolerance and eventFilter, as pure functions.</summary>
public sealed class StripeReceiverTests
{
    private const string Secret = "whsec_test_secret";
    private const string Charge = """{"id":"evt_1","object":"event","type":"charge.succeeded","data":{"object":{"id":"ch_1","amount":2000}}}""";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly StripeEventSource Spec = new() { EventFilter = ["charge.succeeded"], Metadata = new Dictionary<string, string> { ["team"] = "billing" } };

    private static WebhookRequest Request(string body = Charge, DateTimeOffset? signedAt = null, string? header = "sign")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var t = (signedAt ?? Now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = new HeaderDictionary { ["Content-Type"] = "application/json; charset=utf-8" };
        if (header is not null)
        {
            headers["Stripe-Signature"] = header == "sign" ? $"t={t},v1={StripeReceiver.Sign(Secret, t, bytes)},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39" : header;
        }

        return new WebhookRequest("POST", "application/json", headers, [], bytes, Now);
    }

    [Fact]
    public void A_signed_event_becomes_event_and_metadata()
    {
        var accepted = Assert.IsType<WebhookVerdict.Accepted>(StripeReceiver.Receive(Spec, Secret, Request()));

        var data = JsonNode.Parse(accepted.Data.GetRawText())!;
        Assert.Equal("ch_1", data["event"]!["data"]!["object"]!["id"]!.GetValue<string>());
        Assert.Equal("billing", data["metadata"]!["team"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null, "signature")]
    [InlineData("t=1772366400,v1=00", "signature")]
    [InlineData("v1=abc", "signature")]
    [InlineData("garbage", "signature")]
    public void A_missing_or_wrong_signature_is_refused_with_400(string? header, string reason)
    {
        var rejected = Assert.IsType<WebhookVerdict.Rejected>(StripeReceiver.Receive(Spec, Secret, Request(header: header)));

        Assert.Equal(400, rejected.Status);
        Assert.Equal(reason, rejected.Reason);
    }

    [Theory]
    [InlineData(301, null, false)]
    [InlineData(299, null, true)]
    [InlineData(61, 60, false)]
    [InlineData(59, 60, true)]
    public void The_timestamp_must_be_within_the_tolerance(int ageSeconds, int? tolerance, bool accepted)
    {
        var verdict = StripeReceiver.Receive(Spec with { SignatureToleranceSeconds = tolerance }, Secret, Request(signedAt: Now.AddSeconds(-ageSeconds)));

        Assert.Equal(accepted, verdict is WebhookVerdict.Accepted);
        Assert.Equal(!accepted, verdict is WebhookVerdict.Rejected { Status: 400, Reason: "timestamp" });
    }

    [Fact]
    public void An_event_type_outside_event_filter_is_ignored() =>
        Assert.IsType<WebhookVerdict.Ignored>(StripeReceiver.Receive(Spec, Secret, Request(Charge.Replace("charge.succeeded", "charge.failed", StringComparison.Ordinal))));

    [Fact]
    public void Without_a_signing_secret_the_signature_is_not_checked() =>
        Assert.IsType<WebhookVerdict.Accepted>(StripeReceiver.Receive(Spec, null, Request(header: null)));
}
