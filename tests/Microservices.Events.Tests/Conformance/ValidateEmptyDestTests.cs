using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation;
using Microservices.Events.TriggerDispatch.Executors;
using Microservices.Events.TriggerDispatch.Executors.Http;

namespace Microservices.Events.Tests.Conformance;

/// <summary>
/// Argo's <c>pkg/reconciler/sensor/validate_empty_dest_test.go</c>: an http payload parameter may leave <c>dest</c>
/// empty, and its value is then the whole body; every other parameter needs a <c>dest</c>.
/// </summary>
public sealed class ValidateEmptyDestTests
{
    private static readonly Dictionary<string, EventEnvelope> Events = new()
    {
        ["test-dep"] = new()
        {
            Id = "1",
            Type = "test",
            Source = "test",
            Subject = "s",
            Data = JsonDocument.Parse("""{"message": "hello world"}""").RootElement,
        },
    };

    private static Sensor SensorWith(TriggerTemplate template) => new()
    {
        Metadata = new() { Name = "s" },
        Spec = new()
        {
            Dependencies = [new() { Name = "test-dep", EventSourceName = "test", EventName = "s" }],
            Triggers = [new() { Template = template }],
        },
    };

    private static readonly HttpTrigger EmptyDestHttp = new()
    {
        Url = "http://example.com",
        Method = "POST",
        Payload = [new() { Src = new() { DependencyName = "test-dep", UseRawData = true }, Dest = "" }],
    };

    public static readonly ArgoCase HttpEmptyDest = new("TestHTTPTriggerWithEmptyDest");

    [Fact]
    public async Task TestHTTPTriggerWithEmptyDest_the_event_document_is_the_body()
    {
        var template = new TriggerTemplate { Name = "t", Http = EmptyDestHttp };
        Assert.DoesNotContain(SensorValidator.Validate(SensorWith(template)), d => d.Severity == DiagnosticSeverity.Error);

        var trigger = new Trigger { Template = template };
        var resolved = FiringResolver.Resolve(trigger, Events);
        var http = new RecordingHttp(HttpStatusCode.OK);
        await HttpTests.Executor(http).ExecuteAsync(new TriggerExecution(Guid.NewGuid(), "s", trigger, template, resolved, Events), CancellationToken.None);

        var body = JsonNode.Parse(Assert.Single(http.Requests).Body!)!.AsObject();
        Assert.Equal(["context", "data"], body.Select(p => p.Key));
        Assert.Equal("test", (string?)body["context"]!["source"]);
        Assert.Equal("""{"message": "hello world"}""", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)body["data"]!)));
    }

    public static readonly ArgoCase NonHttpEmptyDest = new("TestNonHTTPTriggerWithEmptyDestShouldFail");

    [Fact]
    public void TestNonHTTPTriggerWithEmptyDestShouldFail_other_parameters_need_a_dest()
    {
        var template = new TriggerTemplate
        {
            Name = "t",
            Kafka = JsonDocument.Parse("""{"url": "k:9092", "topic": "t", "payload": [{"src": {"dependencyName": "test-dep", "dataKey": "body"}, "dest": ""}]}""").RootElement,
        };

        var error = Assert.Single(SensorValidator.Validate(SensorWith(template)), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("spec.triggers[0].template.kafka.payload[0].dest", error.Path);
    }

    public static IEnumerable<ArgoCase> Inventory => [HttpEmptyDest, NonHttpEmptyDest];
}
