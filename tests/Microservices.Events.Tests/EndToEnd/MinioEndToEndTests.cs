using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Ingress;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>An object uploaded to a bucket (the MinIO listen-API double) fires the trigger through the embedded services.</summary>
public sealed class MinioEndToEndTests
{
    [Fact]
    public async Task An_uploaded_object_fires_the_trigger_with_its_bucket_and_key()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var minio = await MinioListenDouble.StartAsync(MinioSourceTests.Region, [MinioSourceTests.AccessKey], ["input"]);
        var eventSource = $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: minio}
            spec:
              minio:
                example:
                  bucket: {name: input}
                  endpoint: {{minio.Endpoint}}
                  events: [s3:ObjectCreated:Put, s3:ObjectRemoved:Delete]
                  insecure: true
                  accessKey: {key: accesskey, name: artifacts-minio}
                  secretKey: {key: secretkey, name: artifacts-minio}
            """;
        var sensor = TestManifests.Sensor("on-minio", [new("upload", "minio", "example")],
            new TestManifests.HttpTrigger("call", null, $"{sink.BaseUrl}/minio",
                [new("upload", "notification.0.s3.bucket.name", "bucket"), new("upload", "notification.0.s3.object.key", "key")]));
        using var specs = new TempSpecs(("minio.yaml", eventSource), ("sensor.yaml", sensor));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.Configuration["Secrets:artifacts-minio:accesskey"] = MinioSourceTests.AccessKey;
        builder.Configuration["Secrets:artifacts-minio:secretkey"] = MinioSourceTests.SecretKey;
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        Assert.True(await Eventually.HoldsAsync(() => minio.Listening == 1, TimeSpan.FromSeconds(20)), "ingress never listened to the bucket");

        await MinioUploads.PutAsync(minio.Endpoint, "input", "report.csv", "a,b");

        Assert.True(await Eventually.HoldsAsync(() => sink.Requests.Any(r => r.Path == "/minio"), TimeSpan.FromSeconds(30)), "the HTTP trigger was not called");
        var call = Assert.Single(sink.Requests, r => r.Path == "/minio");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"bucket":"input","key":"report.csv"}"""), JsonNode.Parse(call.Body)), call.Body);
        await app.StopAsync();
    }
}
