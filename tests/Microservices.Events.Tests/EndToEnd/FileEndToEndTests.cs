using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>A file created in a watched directory fires the trigger through the embedded services.</summary>
public sealed class FileEndToEndTests
{
    [Fact]
    public async Task Creating_the_watched_file_fires_the_trigger_with_its_name_and_operation()
    {
        await using var sink = await HttpSink.StartAsync();
        var directory = Directory.CreateTempSubdirectory("file-e2e-").FullName;
        try
        {
            var eventSource = $$"""
                apiVersion: argoproj.io/v1alpha1
                kind: EventSource
                metadata: {name: file}
                spec:
                  file:
                    example:
                      watchPathConfig:
                        directory: {{directory}}/
                        path: x.txt
                      eventType: CREATE
                """;
            var sensor = TestManifests.Sensor("on-file", [new("created", "file", "example")],
                new TestManifests.HttpTrigger("call", null, $"{sink.BaseUrl}/file", [new("created", "name", "name"), new("created", "op", "op")]));
            using var specs = new TempSpecs(("file.yaml", eventSource), ("sensor.yaml", sensor));
            using var state = new TempStateFile();
            var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
            builder.WebHost.UseTestServer();
            await using var app = EmbeddedHost.Build(builder);
            MassTransit.LogContext.Current = null!;
            await app.StartAsync();
            var client = app.GetTestClient();
            Assert.True(await Eventually.HoldsAsync(async () => (await client.GetAsync("/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(20)), "ingress never became healthy");

            await File.WriteAllTextAsync(Path.Combine(directory, "x.txt"), "hello");

            Assert.True(await Eventually.HoldsAsync(() => sink.Requests.Any(r => r.Path == "/file"), TimeSpan.FromSeconds(30)), "the HTTP trigger was not called");
            var call = Assert.Single(sink.Requests, r => r.Path == "/file");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"name":"{{directory}}/x.txt","op":1}"""), JsonNode.Parse(call.Body)), call.Body);
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
