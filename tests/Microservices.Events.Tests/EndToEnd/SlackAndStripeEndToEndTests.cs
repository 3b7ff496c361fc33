using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Ingress.Sources.Slack;
using Microservices.Events.Ingress.Sources.Stripe;
using Microservices.Events.Tests.Support;
using Microservices.Events.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>Slack and Stripe requests, signed as those services sign them, through the embedded services to HTTP triggers.</summary>
[Collection(ScrapedMetricsCollection.Name)]
public sealed class SlackAndStripeEndToEndTests : IAsyncLifetime
{
    private const string SlackSecret = "slack-signing-s3cret";
    private const string StripeSecret = "whsec_e2e";
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private const string EventSources = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: chat-pay}
        spec:
          slack:
            mention:
              webhook: {endpoint: /slack, port: "12042", method: POST}
              signingSecret: {name: slack-secret, key: signingSecret}
              token: {name: slack-secret, key: tokenkey}
          stripe:
            charge:
              webhook: {endpoint: /stripe, port: "12042", method: POST}
              eventFilter: [charge.succeeded]
              signingSecret: {name: stripe-secret, key: whsec}
        """;

    private string Sensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: chat-pay}
        spec:
          dependencies:
            - {name: mention, eventSourceName: chat-pay, eventName: mention}
            - {name: charge, eventSourceName: chat-pay, eventName: charge}
          triggers:
            - template:
                name: slack
                conditions: mention
                http:
                  url: {{_sink.BaseUrl}}/slack
                  payload:
                    - src: {dependencyName: mention, dataKey: text}
                      dest: text
            - template:
                name: stripe
                conditions: charge
                http:
                  url: {{_sink.BaseUrl}}/stripe
                  payload:
                    - src: {dependencyName: charge, dataKey: event.data.object.amount}
                      dest: amount
        """;

    [Fact]
    public async Task Signed_slack_and_stripe_requests_fire_their_triggers_and_bad_or_stale_ones_do_not()
    {
        using var specs = new TempSpecs(("sources.yaml", EventSources), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.Configuration["Secrets:slack-secret:signingSecret"] = SlackSecret;
        builder.Configuration["Secrets:slack-secret:tokenkey"] = "verification-token";
        builder.Configuration["Secrets:stripe-secret:whsec"] = StripeSecret;
        var logs = new CollectingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://localhost:12042");
        var now = DateTimeOffset.UtcNow;

        var challenge = await client.SendAsync(Slack("""{"token":"verification-token","challenge":"c-123","type":"url_verification"}""", now));
        var staleSlack = await client.SendAsync(Slack(Mention("stale"), now.AddMinutes(-6)));
        var badSlack = await client.SendAsync(Slack(Mention("forged"), now, secret: "not-the-secret"));
        var slack = await client.SendAsync(Slack(Mention("<@U0> deploy prod"), now));
        var staleStripe = await client.SendAsync(Stripe(Charge("charge.succeeded", 1), now.AddMinutes(-10)));
        var filteredStripe = await client.SendAsync(Stripe(Charge("charge.refunded", 2), now));
        var stripe = await client.SendAsync(Stripe(Charge("charge.succeeded", 2000), now));

        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal("c-123", await challenge.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, staleSlack.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badSlack.StatusCode);
        Assert.Equal(HttpStatusCode.OK, slack.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, staleStripe.StatusCode);
        Assert.Equal(HttpStatusCode.OK, filteredStripe.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stripe.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/slack") && _sink.Requests.Any(r => r.Path == "/stripe")), "the triggers were not called");
        await Task.Delay(500);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"text":"<@U0> deploy prod"}"""), JsonNode.Parse(Assert.Single(_sink.Requests, r => r.Path == "/slack").Body)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"amount":"2000"}"""), JsonNode.Parse(Assert.Single(_sink.Requests, r => r.Path == "/stripe").Body)));

        var metrics = await app.GetTestClient().GetStringAsync("http://localhost/metrics");
        Assert.Matches("""events_rejected_total\{[^}]*event_name="mention"[^}]*reason="timestamp"[^}]*\} 1""", metrics);
        Assert.Matches("""events_rejected_total\{[^}]*event_name="mention"[^}]*reason="signature"[^}]*\} 1""", metrics);
        Assert.Matches("""events_rejected_total\{[^}]*event_name="charge"[^}]*reason="timestamp"[^}]*\} 1""", metrics);
        await app.StopAsync();
        Assert.Contains(logs.Lines, l => l.Contains("timestamp is too old", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(SlackSecret, StringComparison.Ordinal) || l.Contains(StripeSecret, StringComparison.Ordinal) || l.Contains("verification-token", StringComparison.Ordinal));
    }

    private static string Mention(string text) =>
        new JsonObject { ["token"] = "verification-token", ["type"] = "event_callback", ["event"] = new JsonObject { ["type"] = "app_mention", ["text"] = text } }.ToJsonString();

    private static string Charge(string type, int amount) =>
        new JsonObject { ["id"] = "evt_1", ["object"] = "event", ["type"] = type, ["data"] = new JsonObject { ["object"] = new JsonObject { ["amount"] = amount } } }.ToJsonString();

    /// <summary>A request as Slack sends it: X-Slack-Request-Timestamp and the v0 signature over version, timestamp and body.</summary>
    private static HttpRequestMessage Slack(string body, DateTimeOffset at, string secret = SlackSecret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackReceiver.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    /// <summary>A delivery as Stripe sends it: Stripe-Signature with t and the v1 HMAC over "t.body".</summary>
    private static HttpRequestMessage Stripe(string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", $"t={t},v1={StripeReceiver.Sign(StripeSecret, t, Encoding.UTF8.GetBytes(body))}");
        return request;
    }
}
