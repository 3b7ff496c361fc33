using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>Bitbucket Server (HMAC-signed) and Bitbucket Cloud deliveries through the embedded services to HTTP triggers.</summary>
public sealed class BitbucketEndToEndTests : IAsyncLifetime
{
    private const string Secret = "bbs-s3cret";
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private const string EventSource = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: bb-e2e}
        spec:
          bitbucketserver:
            refs:
              repositories: [{projectKey: PROJ, repositorySlug: repo}]
              webhook: {endpoint: /bbs, port: "12044", method: POST}
              events: ["repo:refs_changed"]
              webhookSecret: {name: bbs, key: secret}
          bitbucket:
            push:
              repositories: [{owner: team, repositorySlug: repo}]
              webhook: {endpoint: /bbc, port: "12044", method: POST}
              events: ["repo:push"]
        """;

    private string Sensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: on-bitbucket}
        spec:
          dependencies:
            - {name: refs, eventSourceName: bb-e2e, eventName: refs}
            - {name: push, eventSourceName: bb-e2e, eventName: push}
          triggers:
            - template:
                name: server
                conditions: refs
                http:
                  url: {{_sink.BaseUrl}}/server
                  payload:
                    - {src: {dependencyName: refs, dataKey: body.changes.0.toHash}, dest: hash}
            - template:
                name: cloud
                conditions: push
                http:
                  url: {{_sink.BaseUrl}}/cloud
                  payload:
                    - {src: {dependencyName: push, dataKey: body.push.changes.0.new.name}, dest: branch}
        """;

    [Fact]
    public async Task Signed_server_and_cloud_deliveries_fire_their_triggers_and_bad_signatures_or_other_events_do_not()
    {
        using var specs = new TempSpecs(("bitbucket.yaml", EventSource), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.Configuration["Secrets:bbs:secret"] = Secret;
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://localhost:12044");

        var refs = """{"eventKey":"repo:refs_changed","changes":[{"ref":{"id":"refs/heads/main"},"toHash":"abc123"}]}""";
        var unsigned = await client.SendAsync(Delivery("/bbs", refs, "repo:refs_changed", signature: null));
        var forged = await client.SendAsync(Delivery("/bbs", refs, "repo:refs_changed", signature: HubSignature.Sign(Encoding.UTF8.GetBytes(refs), "other")));
        var server = await client.SendAsync(Delivery("/bbs", refs, "repo:refs_changed", signature: HubSignature.Sign(Encoding.UTF8.GetBytes(refs), Secret)));
        var push = """{"push":{"changes":[{"new":{"name":"main"}}]}}""";
        var otherEvent = await client.SendAsync(Delivery("/bbc", push, "pullrequest:created", signature: null));
        var cloud = await client.SendAsync(Delivery("/bbc", push, "repo:push", signature: null));

        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, server.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherEvent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cloud.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/server") && _sink.Requests.Any(r => r.Path == "/cloud")), "the triggers were not called");
        await Task.Delay(500);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"hash":"abc123"}"""), JsonNode.Parse(Assert.Single(_sink.Requests, r => r.Path == "/server").Body)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"branch":"main"}"""), JsonNode.Parse(Assert.Single(_sink.Requests, r => r.Path == "/cloud").Body)));
        await app.StopAsync();
    }

    private static HttpRequestMessage Delivery(string path, string body, string eventKey, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Event-Key", eventKey);
        request.Headers.Add("X-Request-Id", Guid.NewGuid().ToString());
        if (signature is not null)
        {
            request.Headers.Add("X-Hub-Signature", signature);
        }

        return request;
    }
}
