using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Tests.Support;
using Microservices.Events.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// A GitHub delivery, signed as GitHub signs it, through the embedded services: github route → bus-gateway →
/// sensor-state → HTTP trigger. Bad or missing signatures and event types outside <c>events</c> publish nothing.
/// </summary>
[Collection(ScrapedMetricsCollection.Name)]
public sealed class GithubEndToEndTests : IAsyncLifetime
{
    private const string Secret = "gh-s3cret";
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private const string EventSource = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: gh-e2e}
        spec:
          github:
            push:
              repositories:
                - owner: argoproj
                  names: [argo-events]
              webhook: {endpoint: /push, port: "12040", method: POST}
              events: [push]
              webhookSecret: {name: github-access, key: secret}
              contentType: json
        """;

    private string Sensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: on-push}
        spec:
          dependencies:
            - {name: push, eventSourceName: gh-e2e, eventName: push}
          triggers:
            - template:
                name: call
                http:
                  url: {{_sink.BaseUrl}}/push
                  payload:
                    - src: {dependencyName: push, dataKey: body.head_commit.message}
                      dest: message
                    - src: {dependencyName: push, dataKey: body.X-GitHub-Event}
                      dest: event
                    - src: {dependencyName: push, contextKey: type}
                      dest: type
        """;

    [Fact]
    public async Task A_signed_push_fires_the_trigger_and_unsigned_wrongly_signed_or_filtered_deliveries_do_not()
    {
        using var specs = new TempSpecs(("github.yaml", EventSource), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.Configuration["Secrets:github-access:secret"] = Secret;
        var logs = new CollectingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug);
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://localhost:12040");

        var unsigned = await client.SendAsync(Delivery(Push("unsigned"), "push", signature: null));
        var wrong = await client.SendAsync(Delivery(Push("wrong"), "push", signature: HubSignature.Sign(Encoding.UTF8.GetBytes(Push("wrong")), "not-the-secret")));
        var filtered = await client.SendAsync(Delivery(Push("filtered"), "issues"));
        var signed = await client.SendAsync(Delivery(Push("hello from github"), "push"));

        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Equal("missing signature", await unsigned.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("payload signature check failed", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, filtered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/push")), "the HTTP trigger was not called");
        await Task.Delay(500);
        var call = Assert.Single(_sink.Requests, r => r.Path == "/push");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"hello from github","event":"push","type":"github"}"""), JsonNode.Parse(call.Body)), call.Body);

        var metrics = await app.GetTestClient().GetStringAsync("http://localhost/metrics");
        Assert.Matches("""events_rejected_total\{[^}]*event_source="gh-e2e"[^}]*reason="signature"[^}]*\} 2""", metrics);
        Assert.Matches("""events_filtered_total\{[^}]*event_source="gh-e2e"[^}]*outcome="event_type"[^}]*\} 1""", metrics);
        Assert.DoesNotContain(Secret, metrics);
        await app.StopAsync();
        Assert.Contains(logs.Lines, l => l.Contains("payload signature check failed", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Secret, StringComparison.Ordinal));
    }

    private static string Push(string message) =>
        new JsonObject { ["ref"] = "refs/heads/main", ["head_commit"] = new JsonObject { ["message"] = message }, ["repository"] = new JsonObject { ["full_name"] = "argoproj/argo-events" } }.ToJsonString();

    /// <summary>A delivery as GitHub sends it: JSON body, event and delivery headers, HMAC-SHA256 of the body with the hook's secret.</summary>
    private static HttpRequestMessage Delivery(string body, string eventType, string? signature = "sign")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/push") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", eventType);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("User-Agent", "GitHub-Hookshot/044aadd");
        if (signature is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", signature == "sign" ? HubSignature.Sign(Encoding.UTF8.GetBytes(body), Secret) : signature);
        }

        return request;
    }
}
