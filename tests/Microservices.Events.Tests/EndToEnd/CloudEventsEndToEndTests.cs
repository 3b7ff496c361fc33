using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Ingress.Sources.CloudEvents;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>The <c>cloudevents</c> receiver: structured, binary and batch mode through the embedded services, keeping each incoming id, source and type.</summary>
public sealed class CloudEventsEndToEndTests : IAsyncLifetime
{
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private const string EventSource = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: ce-e2e}
        spec:
          cloudevents:
            inbox:
              webhook: {endpoint: /events, port: "12045", method: POST}
        """;

    private string Sensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: on-cloudevent}
        spec:
          dependencies:
            - {name: inbox, eventSourceName: ce-e2e, eventName: inbox}
          triggers:
            - template:
                name: call
                http:
                  url: {{_sink.BaseUrl}}/ce
                  payload:
                    - {src: {dependencyName: inbox, contextKey: id}, dest: eventId}
                    - {src: {dependencyName: inbox, dataKey: id}, dest: id}
                    - {src: {dependencyName: inbox, dataKey: source}, dest: source}
                    - {src: {dependencyName: inbox, dataKey: type}, dest: type}
                    - {src: {dependencyName: inbox, dataKey: data.order}, dest: order}
        """;

    [Fact]
    public async Task Structured_binary_and_batch_events_each_fire_the_trigger_with_their_own_id_source_and_type()
    {
        using var specs = new TempSpecs(("ce.yaml", EventSource), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://localhost:12045");

        var structured = await client.PostAsync("/events", new StringContent(
            """{"specversion":"1.0","id":"s-1","source":"/orders","type":"com.example.order.created","datacontenttype":"application/json","data":{"order":1}}""",
            Encoding.UTF8, "application/cloudevents+json"));
        var binary = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = new StringContent("""{"order":2}""", Encoding.UTF8, "application/json") };
        binary.Headers.Add("ce-specversion", "1.0");
        binary.Headers.Add("ce-id", "b-2");
        binary.Headers.Add("ce-source", "/orders");
        binary.Headers.Add("ce-type", "com.example.order.paid");
        var binaryAnswer = await client.SendAsync(binary);
        var batch = await client.PostAsync("/events", new StringContent(
            """[{"specversion":"1.0","id":"c-3","source":"/shipping","type":"com.example.order.shipped","data":{"order":3}},{"specversion":"1.0","id":"c-4","source":"/shipping","type":"com.example.order.shipped","data":{"order":4}}]""",
            Encoding.UTF8, "application/cloudevents-batch+json"));
        var invalid = await client.PostAsync("/events", new StringContent("""{"specversion":"1.0","source":"/orders","type":"x"}""", Encoding.UTF8, "application/cloudevents+json"));
        var notCloudEvent = await client.PostAsync("/events", new StringContent("""{"order":5}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, structured.StatusCode);
        Assert.Equal(HttpStatusCode.OK, binaryAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notCloudEvent.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Count(r => r.Path == "/ce") >= 4), $"{_sink.Requests.Count} calls");
        await Task.Delay(500);
        var calls = _sink.Requests.Where(r => r.Path == "/ce").Select(r => JsonNode.Parse(r.Body)!).OrderBy(c => c["order"]!.GetValue<string>()).ToList();
        Assert.Equal(4, calls.Count);
        var expected = new[]
        {
            ("s-1", "/orders", "com.example.order.created", "1"),
            ("b-2", "/orders", "com.example.order.paid", "2"),
            ("c-3", "/shipping", "com.example.order.shipped", "3"),
            ("c-4", "/shipping", "com.example.order.shipped", "4"),
        };
        foreach (var (call, (id, source, type, order)) in calls.Zip(expected))
        {
            Assert.Equal(id, call["eventId"]!.GetValue<string>());
            Assert.Equal(id, call["id"]!.GetValue<string>());
            Assert.Equal(source, call["source"]!.GetValue<string>());
            Assert.Equal(type, call["type"]!.GetValue<string>());
            Assert.Equal(order, call["order"]!.GetValue<string>());
        }

        await app.StopAsync();
    }

    [Fact]
    public void A_binary_event_keeps_its_extension_attributes_and_text_data()
    {
        var headers = new HeaderDictionary { ["ce-specversion"] = "1.0", ["ce-id"] = "x-1", ["ce-source"] = "urn:test", ["ce-type"] = "t", ["ce-subject"] = "s", ["ce-tenant"] = "acme" };
        var request = new WebhookRequest("POST", "text/plain", headers, [], "hello"u8.ToArray(), DateTimeOffset.UnixEpoch);

        var accepted = Assert.IsType<WebhookVerdict.Accepted>(CloudEventsReceiver.Receive(request));

        var data = JsonNode.Parse(accepted.Data.GetRawText())!;
        Assert.Equal("x-1", accepted.Id);
        Assert.Equal("acme", data["tenant"]!.GetValue<string>());
        Assert.Equal("s", data["subject"]!.GetValue<string>());
        Assert.Equal("hello", data["data"]!.GetValue<string>());
    }

    [Fact]
    public void Events_validate_reports_the_kind_as_this_projects_extension()
    {
        var file = SpecLoader.Load(EventSource);

        Assert.False(file.HasErrors);
        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Path == "spec.cloudevents.inbox" && d.Message.Contains("extension", StringComparison.Ordinal));
    }
}
