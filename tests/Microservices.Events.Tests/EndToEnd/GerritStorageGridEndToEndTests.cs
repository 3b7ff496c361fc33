using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Ingress;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>Gerrit deliveries (with the hook registered on a Gerrit REST API double) and StorageGRID notifications through the embedded services to HTTP triggers.</summary>
public sealed class GerritStorageGridEndToEndTests : IAsyncLifetime
{
    private HttpSink _sink = null!;
    private GerritApiDouble _gerrit = null!;

    public async Task InitializeAsync()
    {
        _sink = await HttpSink.StartAsync();
        _gerrit = await GerritApiDouble.StartAsync();
        _gerrit.Projects["argo/webhook"] = 0;
    }

    public async Task DisposeAsync()
    {
        await _gerrit.DisposeAsync();
        await _sink.DisposeAsync();
    }

    private string EventSource() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: review-e2e}
        spec:
          gerrit:
            patchsets:
              projects: [argo/webhook]
              hookName: argo-events
              webhook: {endpoint: /gerrit, port: "12046", method: POST, url: "https://events.example.com"}
              events: [patchset-created]
              auth:
                username: {name: gerrit-access, key: username}
                password: {name: gerrit-access, key: password}
              gerritBaseURL: {{_gerrit.BaseUrl}}
          storageGrid:
            uploads:
              webhook: {endpoint: /grid, port: "12046", method: POST}
              events: ["s3:ObjectCreated:*"]
              filter: {prefix: "hello-", suffix: ".txt"}
              topicArn: "urn:sgws:sns:us-east-1:1111:events"
              bucket: photos
              apiURL: "https://grid.example.com/api/v3"
              authToken: {name: grid, key: token}
        """;

    private string Sensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: on-review}
        spec:
          dependencies:
            - {name: patchset, eventSourceName: review-e2e, eventName: patchsets}
            - {name: upload, eventSourceName: review-e2e, eventName: uploads}
          triggers:
            - template:
                name: review
                conditions: patchset
                http:
                  url: {{_sink.BaseUrl}}/review
                  payload:
                    - {src: {dependencyName: patchset, dataKey: body.change.number}, dest: change}
            - template:
                name: upload
                conditions: upload
                http:
                  url: {{_sink.BaseUrl}}/upload
                  payload:
                    - {src: {dependencyName: upload, dataKey: notification.Message.Records.0.s3.object.key}, dest: key}
        """;

    [Fact]
    public async Task A_gerrit_patchset_and_a_storagegrid_upload_fire_their_triggers_once_and_other_events_do_not()
    {
        using var specs = new TempSpecs(("review.yaml", EventSource()), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.Configuration["Secrets:gerrit-access:username"] = _gerrit.Username;
        builder.Configuration["Secrets:gerrit-access:password"] = _gerrit.Password;
        builder.Configuration["Secrets:grid:token"] = "grid-token";
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://localhost:12046");

        Assert.True(await Eventually.HoldsAsync(() => _gerrit.Remotes.TryGetValue("argo/webhook", out var remotes) && remotes.ContainsKey("argo-events")), "the Gerrit hook was not registered");
        Assert.Equal("https://events.example.com/gerrit", _gerrit.Remotes["argo/webhook"]["argo-events"]["url"]!.GetValue<string>());

        var comment = await client.PostAsync("/gerrit", Json("""{"type":"comment-added","change":{"number":41}}"""));
        var broken = await client.PostAsync("/gerrit", Json("{not json"));
        var patchset = await client.PostAsync("/gerrit", Json("""{"type":"patchset-created","change":{"number":42,"project":"argo/webhook"}}"""));
        var outside = await client.PostAsync("/grid", Form(StorageGridReceiverTests.Form(StorageGridReceiverTests.Message(key: "other.txt"))));
        var notForm = await client.PostAsync("/grid", Form("Action=Publish"));
        var upload = StorageGridReceiverTests.Form(StorageGridReceiverTests.Message(key: "hello-world.txt"));
        var first = await client.PostAsync("/grid", Form(upload));
        var resent = await client.PostAsync("/grid", Form(upload));

        Assert.Equal(HttpStatusCode.OK, comment.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patchset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notForm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/review") && _sink.Requests.Any(r => r.Path == "/upload")), "the triggers were not called");
        await Task.Delay(1000);
        Assert.Equal("""{"change":"42"}""", JsonNode.Parse(Assert.Single(_sink.Requests, r => r.Path == "/review").Body)!.ToJsonString());
        Assert.Equal("""{"key":"hello-world.txt"}""", JsonNode.Parse(Assert.Single(_sink.Requests, r => r.Path == "/upload").Body)!.ToJsonString());
        await app.StopAsync();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static StringContent Form(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");
}
