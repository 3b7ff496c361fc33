using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;
using Microservices.Events.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>A GitLab delivery with its secret token through the embedded services to an HTTP trigger; a wrong token or an unlisted event publishes nothing.</summary>
[Collection(ScrapedMetricsCollection.Name)]
public sealed class GitlabEndToEndTests : IAsyncLifetime
{
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private const string EventSource = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: gl-e2e}
        spec:
          gitlab:
            push:
              projects: ["whynowy/test"]
              webhook: {endpoint: /gitlab, port: "12041", method: POST}
              events: [PushEvents]
              secretToken: {name: gitlab-secret, key: token}
        """;

    private string Sensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: on-gitlab-push}
        spec:
          dependencies:
            - {name: push, eventSourceName: gl-e2e, eventName: push}
          triggers:
            - template:
                name: call
                http:
                  url: {{_sink.BaseUrl}}/gitlab
                  payload:
                    - src: {dependencyName: push, dataKey: body.checkout_sha}
                      dest: sha
                    - src: {dependencyName: push, contextKey: type}
                      dest: type
        """;

    [Fact]
    public async Task A_push_with_the_secret_token_fires_the_trigger_and_a_wrong_token_or_other_event_does_not()
    {
        using var specs = new TempSpecs(("gitlab.yaml", EventSource), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.Configuration["Secrets:gitlab-secret:token"] = "gl-s3cret";
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://localhost:12041");

        var wrong = await client.SendAsync(Delivery("wrong", "Push Hook", "not-the-token"));
        var missing = await client.SendAsync(Delivery("missing", "Push Hook", null));
        var issue = await client.SendAsync(Delivery("issue", "Issue Hook", "gl-s3cret"));
        var push = await client.SendAsync(Delivery("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", "Push Hook", "gl-s3cret"));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("token mismatch", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, issue.StatusCode);
        Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/gitlab")), "the HTTP trigger was not called");
        await Task.Delay(500);
        var call = Assert.Single(_sink.Requests, r => r.Path == "/gitlab");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"sha":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","type":"gitlab"}"""), JsonNode.Parse(call.Body)), call.Body);

        var metrics = await app.GetTestClient().GetStringAsync("http://localhost/metrics");
        Assert.Matches("""events_rejected_total\{[^}]*event_source="gl-e2e"[^}]*reason="token"[^}]*\} 2""", metrics);
        Assert.DoesNotContain("gl-s3cret", metrics);
        await app.StopAsync();
    }

    /// <summary>A delivery as GitLab sends it: JSON body, <c>X-Gitlab-Event</c>, and the hook's secret token in <c>X-Gitlab-Token</c>.</summary>
    private static HttpRequestMessage Delivery(string sha, string eventHeader, string? token)
    {
        var body = new JsonObject { ["object_kind"] = "push", ["checkout_sha"] = sha, ["project"] = new JsonObject { ["path_with_namespace"] = "whynowy/test" } }.ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Post, "/gitlab") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Gitlab-Event", eventHeader);
        request.Headers.Add("User-Agent", "GitLab/17.0.0");
        if (token is not null)
        {
            request.Headers.Add("X-Gitlab-Token", token);
        }

        return request;
    }
}
