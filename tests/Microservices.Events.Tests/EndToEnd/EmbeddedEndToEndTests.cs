using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Sagas;
using Microservices.Events.SensorState.Correlation;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>All four services in one process: a webhook request travels ingress → gateway → sensor-state → trigger-dispatch.</summary>
public sealed class EmbeddedEndToEndTests : IAsyncLifetime
{
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private static string EventSource(int port) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata:
          name: webhook
        spec:
          webhook:
            example:
              port: "{port}"
              endpoint: /example
              method: POST
            second:
              port: "{port}"
              endpoint: /second
              method: POST
        """;

    private string Sensors() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata:
          name: relay
        spec:
          dependencies:
            - name: payload
              eventSourceName: webhook
              eventName: example
          triggers:
            - template:
                name: log-it
                log: {}
            - template:
                name: call
                http:
                  url: {{_sink.BaseUrl}}/relay
                  payload:
                    - src: {dependencyName: payload, dataKey: body.message}
                      dest: message
                    - src: {dependencyName: payload, contextKey: source}
                      dest: source
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata:
          name: both
        spec:
          dependencies:
            - {name: first, eventSourceName: webhook, eventName: example}
            - {name: second, eventSourceName: webhook, eventName: second}
          triggers:
            - template:
                name: joined
                conditions: "first && second"
                http:
                  url: {{_sink.BaseUrl}}/joined
                  payload:
                    - src: {dependencyName: first, dataKey: body.message}
                      dest: first
                    - src: {dependencyName: second, dataKey: body.message}
                      dest: second
        """;

    [Fact]
    public async Task A_webhook_post_reaches_the_http_trigger_with_the_expected_body()
    {
        using var specs = new TempSpecs(("webhook.yaml", EventSource(12000)), ("sensors.yaml", Sensors()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        await app.StartAsync();
        var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://localhost:12000");

        var response = await client.PostAsync("/example", new StringContent("""{"message":"hello"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/relay")), "the HTTP trigger was not called");
        var call = _sink.Requests.Single(r => r.Path == "/relay");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"hello","source":"webhook"}"""), JsonNode.Parse(call.Body)), call.Body);
        Assert.DoesNotContain(_sink.Requests, r => r.Path == "/joined");

        await client.PostAsync("/second", new StringContent("""{"message":"world"}""", Encoding.UTF8, "application/json"));

        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/joined")), "the AND trigger did not fire");
        var joined = _sink.Requests.Single(r => r.Path == "/joined");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"first":"hello","second":"world"}"""), JsonNode.Parse(joined.Body)), joined.Body);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_webhook_whose_http_trigger_fails_is_kept_and_re_driven_through_the_firings_commands()
    {
        using var specs = new TempSpecs(("webhook.yaml", EventSource(12000)), ("sensors.yaml", Sensors()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        await app.StartAsync();
        var client = app.GetTestClient();
        var events = new Uri("http://localhost:5000/");
        _sink.AnswerWith(500);

        await client.PostAsync("http://localhost:12000/example", new StringContent("""{"message":"again"}""", Encoding.UTF8, "application/json"));

        var listed = new StringWriter();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            listed.GetStringBuilder().Clear();
            await Microservices.Events.Cli.FailedFiringsClient.ListAsync(client, events, "relay", null, listed, TextWriter.Null, default);
            return listed.ToString().Contains("relay/call");
        }), "the failed firing was not listed: " + listed);
        Assert.Contains("attempts 1", listed.ToString());
        Assert.Contains("answered 500", listed.ToString());
        var firingId = listed.ToString().Split(' ')[0];

        var redriven = new StringWriter();
        Assert.Equal(0, await Microservices.Events.Cli.FailedFiringsClient.RedriveAsync(client, events, firingId, redriven, TextWriter.Null, default));

        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Count(r => r.Path == "/relay") == 2), "the redrive did not call the trigger");
        Assert.All(_sink.Requests.Where(r => r.Path == "/relay"), r => Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"again","source":"webhook"}"""), JsonNode.Parse(r.Body)), r.Body));
        var shown = new StringWriter();
        Assert.Equal(0, await Microservices.Events.Cli.FailedFiringsClient.ShowAsync(client, events, firingId, shown, TextWriter.Null, default));
        Assert.Contains($"\"redriveFiringId\": \"{TriggerDispatch.Failures.FailedFiringRedrive.RedriveId(Guid.Parse(firingId))}\"", shown.ToString());
        await app.StopAsync();
    }

    [Fact]
    public async Task Correlation_state_survives_a_restart_of_the_embedded_host()
    {
        using var specs = new TempSpecs(("webhook.yaml", EventSource(12000)), ("sensors.yaml", Sensors()));
        using var state = new TempStateFile();
        var both = DeterministicGuid.Create("trigger", "both", "joined");

        await using (var before = await StartAsync(specs, state))
        {
            var response = await before.GetTestClient().PostAsync("http://localhost:12000/example", new StringContent("""{"message":"before restart"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var sagas = before.Services.GetRequiredService<SqlSagaStore<TriggerCorrelationState>>();
            Assert.True(await Eventually.HoldsAsync(async () => (await sagas.LoadAsync(both, default))?.StoredEvents.ContainsKey("first") == true), "the first event was not stored");
            await before.StopAsync();
        }

        await using var after = await StartAsync(specs, state);
        await after.GetTestClient().PostAsync("http://localhost:12000/second", new StringContent("""{"message":"after restart"}""", Encoding.UTF8, "application/json"));

        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/joined")), "the AND trigger did not fire after the restart");
        var joined = _sink.Requests.Single(r => r.Path == "/joined");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"first":"before restart","second":"after restart"}"""), JsonNode.Parse(joined.Body)), joined.Body);
        await after.StopAsync();
    }

    private static async Task<WebApplication> StartAsync(TempSpecs specs, TempStateFile state)
    {
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.WebHost.UseTestServer();
        var app = EmbeddedHost.Build(builder);

        // MassTransit keeps its log context in an AsyncLocal that the host stopped earlier in this test left behind.
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task Events_run_listens_on_the_webhook_ports_and_prints_how_to_send_an_event()
    {
        var webhookPort = FreePort.Next();
        var servicePort = FreePort.Next();
        using var specs = new TempSpecs(("webhook.yaml", EventSource(webhookPort)), ("sensors.yaml", Sensors()));
        using var state = new TempStateFile();
        using var output = new SynchronizedStringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = EmbeddedRunner.RunAsync(new DirectoryInfo(specs.Directory), $"http://127.0.0.1:{servicePort}", new FileInfo(state.Path), output, stop.Token);

        Assert.True(await Eventually.HoldsAsync(() => output.ToString().Contains("Send an event", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), output.ToString());
        using var http = new HttpClient();
        var started = DateTimeOffset.UtcNow;
        var response = await http.PostAsync($"http://127.0.0.1:{webhookPort}/example", new StringContent("""{"message":"via kestrel"}""", Encoding.UTF8, "application/json"));
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/relay")));
        var health = await http.GetAsync($"http://127.0.0.1:{servicePort}/health");
        await stop.CancelAsync();
        var exitCode = await run;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains($"POST http://localhost:{webhookPort}/example", output.ToString());
        Assert.Contains("curl -X POST", output.ToString());
        Assert.Contains($"state    SQLite {state.Path}", output.ToString());
        Assert.Contains("via kestrel", _sink.Requests.Single(r => r.Path == "/relay").Body);
        Assert.True(_sink.Requests.Single(r => r.Path == "/relay").At - started < TimeSpan.FromSeconds(5));
        Assert.Equal(0, exitCode);
    }
}

/// <summary>A StringWriter safe to read while another task writes.</summary>
public sealed class SynchronizedStringWriter : StringWriter
{
    private readonly Lock _gate = new();

    public override void Write(char value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        lock (_gate)
        {
            base.WriteLine(value);
        }

        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        lock (_gate)
        {
            base.WriteLine();
        }

        return Task.CompletedTask;
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return base.ToString();
        }
    }
}
