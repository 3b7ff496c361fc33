using Microservices.Events.Tests.Ingress;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>The kill -9 edge test of the <c>sqs</c> kind: 1,000 messages sent to the SQS double while ingress is killed and restarted.</summary>
[Collection(DurableCollection.Name)]
public sealed class SqsEdgeCrashTests(DurableInfrastructure infrastructure, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_ingress_mid_stream_loses_no_sqs_message_and_fires_none_twice()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var sqs = await SqsDouble.StartAsync(SqsSourceTests.Region, [SqsSourceTests.AccessKey]);
        sqs.CreateQueue("edge");
        using var producer = SqsSourceTests.Producer(sqs.ServiceUrl);
        var url = sqs.QueueUrl("edge");
        var eventSource = $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: sqs-edge}
            spec:
              sqs:
                numbers:
                  jsonBody: true
                  accessKey: {key: accesskey, name: aws-secret}
                  secretKey: {key: secretkey, name: aws-secret}
                  region: us-east-1
                  queue: edge
                  waitTimeSeconds: 2
                  endpoint: {{sqs.ServiceUrl}}
            """;

        // Messages received but not deleted when ingress died come back after the visibility timeout: 5 s here, 120 s by default.
        var settings = new Dictionary<string, string>
        {
            ["Secrets__aws-secret__accesskey"] = SqsSourceTests.AccessKey,
            ["Secrets__aws-secret__secretkey"] = SqsSourceTests.SecretKey,
            ["Ingress__Sqs__VisibilityTimeoutSeconds"] = "5",
        };
        var report = await EdgeCrash.RunAsync(infrastructure, output, new EdgeCrash.Options(
            "sqs-edge-crash", eventSource, "sqs-edge", "numbers", "body.n",
            n => producer.SendMessageAsync(url, $$"""{"n": {{n}}}"""))
        {
            Settings = settings,
        });

        Assert.Equal(0, report.Lost);
        Assert.Equal(0, sqs.Count("edge"));
    }
}
