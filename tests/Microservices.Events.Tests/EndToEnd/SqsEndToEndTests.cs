using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Ingress;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>An external producer sends to an SQS queue (the SQS double, signed AWS JSON requests); the embedded services fire the trigger.</summary>
public sealed class SqsEndToEndTests
{
    [Fact]
    public async Task A_message_sent_to_the_queue_fires_the_trigger_with_its_json_body()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var sqs = await SqsDouble.StartAsync(SqsSourceTests.Region, [SqsSourceTests.AccessKey]);
        sqs.CreateQueue("test");
        var eventSource = $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: aws-sqs}
            spec:
              sqs:
                example:
                  jsonBody: true
                  accessKey: {key: accesskey, name: aws-secret}
                  secretKey: {key: secretkey, name: aws-secret}
                  region: us-east-1
                  queue: test
                  waitTimeSeconds: 20
                  endpoint: {{sqs.ServiceUrl}}
            """;
        var sensor = TestManifests.Sensor("on-sqs", [new("order", "aws-sqs", "example")],
            new TestManifests.HttpTrigger("call", null, $"{sink.BaseUrl}/sqs", [new("order", "body.order", "order")]));
        using var specs = new TempSpecs(("sqs.yaml", eventSource), ("sensor.yaml", sensor));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.Configuration["Secrets:aws-secret:accesskey"] = SqsSourceTests.AccessKey;
        builder.Configuration["Secrets:aws-secret:secretkey"] = SqsSourceTests.SecretKey;
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();

        using var producer = SqsSourceTests.Producer(sqs.ServiceUrl);
        await producer.SendMessageAsync(sqs.QueueUrl("test"), """{"order": "o-42"}""");

        Assert.True(await Eventually.HoldsAsync(() => sink.Requests.Any(r => r.Path == "/sqs"), TimeSpan.FromSeconds(30)), "the HTTP trigger was not called");
        var call = Assert.Single(sink.Requests, r => r.Path == "/sqs");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"order":"o-42"}"""), JsonNode.Parse(call.Body)), call.Body);
        Assert.True(await Eventually.HoldsAsync(() => sqs.Count("test") == 0), "the message was not deleted");
        await app.StopAsync();
    }
}
