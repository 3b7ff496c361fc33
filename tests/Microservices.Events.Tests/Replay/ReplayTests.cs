using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.Replay;

/// <summary>
/// The embedded services with the Kafka mirror on librdkafka's mock cluster: live events reach the mirror topic;
/// <c>events tail</c> reads them back; <c>events replay</c> re-injects them into a sensor added later, which fires as
/// <c>events simulate</c> predicts while the sensor that saw them live does not fire again, and a second replay fires nothing.
/// </summary>
public sealed class ReplayTests : IAsyncLifetime
{
    private const int WebhookPort = 12061;
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private static readonly string EventSource = $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: shop}
        spec:
          webhook:
            order: {endpoint: /order, port: "{{WebhookPort}}", method: POST}
            payment: {endpoint: /payment, port: "{{WebhookPort}}", method: POST}
        """;

    private string LiveSensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: live}
        spec:
          dependencies:
            - {name: order, eventSourceName: shop, eventName: order}
          triggers:
            - template:
                name: each-order
                http:
                  url: {{_sink.BaseUrl}}/live
                  payload:
                    - {src: {dependencyName: order, contextKey: id}, dest: order}
        """;

    private string LateSensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: late}
        spec:
          dependencies:
            - name: order
              eventSourceName: shop
              eventName: order
              filters:
                data:
                  - {path: body.n, type: number, comparator: "<", value: ["100"]}
            - {name: payment, eventSourceName: shop, eventName: payment}
          triggers:
            - template:
                name: paid-order
                conditions: "order && payment"
                http:
                  url: {{_sink.BaseUrl}}/late/paid-order
                  payload:
                    - {src: {dependencyName: order, contextKey: id}, dest: order}
                    - {src: {dependencyName: payment, contextKey: id}, dest: payment}
            - template:
                name: any-order
                conditions: order
                http:
                  url: {{_sink.BaseUrl}}/late/any-order
                  payload:
                    - {src: {dependencyName: order, contextKey: id}, dest: order}
        """;

    [Fact]
    public async Task Replaying_the_Kafka_mirror_into_a_new_sensor_fires_what_simulate_predicts_and_nothing_else()
    {
        using var kafka = KafkaMockCluster.Start();
        var topic = $"replay-{Guid.NewGuid():N}";
        using var specs = new TempSpecs(("shop.yaml", EventSource), ("live.yaml", LiveSensor()));
        using var state = new TempStateFile();
        // As `events run` takes them: settings on the command line (or environment variables such as Gateway__Mirror__Kafka__Enabled).
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path, args:
            ["--Gateway:Mirror:Kafka:Enabled=true", $"--Gateway:Mirror:Kafka:BootstrapServers={kafka.BootstrapServers}", $"--Gateway:Mirror:Kafka:Topic={topic}"]);
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var client = app.GetTestClient();

        // Live: orders 1, 2 (filtered out by the late sensor), 3 and payments between them.
        var posts = new (string Path, int N)[] { ("/order", 1), ("/payment", 10), ("/order", 200), ("/order", 3), ("/payment", 20), ("/order", 4) };
        foreach (var (path, n) in posts)
        {
            var answer = await client.PostAsync($"http://localhost:{WebhookPort}{path}", new StringContent($$"""{"n": {{n}}}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            await Task.Delay(20);
        }

        Assert.True(await Eventually.HoldsAsync(() => Calls("/live").Count == 4, TimeSpan.FromSeconds(30)), $"{Calls("/live").Count} live firings");

        Assert.Equal(posts.Length, (await Mirror.MirrorEvents.ReadAsync(kafka, topic, posts.Length, TimeSpan.FromSeconds(30))).Count);

        // The mirror topic, read back as events tail prints it, is what simulate predicts from.
        var tail = new StringWriter();
        var tailErrors = new StringWriter();
        var tailed = await EventTail.RunAsync(new EventTail.Request("kafka", new Uri("amqp://unused"), "", "", kafka.BootstrapServers, topic, FromBeginning: true, Count: posts.Length), tail, tailErrors, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.True(tailed == 0, tailErrors.ToString());
        var lines = tail.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).OrderBy(l => DateTimeOffset.Parse(JsonNode.Parse(l)!["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(posts.Length, lines.Count);
        var recorded = Path.Combine(specs.Directory, "..", $"{topic}.jsonl");
        await File.WriteAllLinesAsync(recorded, lines);
        var lateFile = Path.Combine(Path.GetTempPath(), $"late-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(lateFile, LateSensor());
        var predictedOutput = new StringWriter();
        Assert.Equal(0, await SensorSimulation.RunAsync(new FileInfo(lateFile), new FileInfo(recorded), predictedOutput, TextWriter.Null, CancellationToken.None));
        var predicted = predictedOutput.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Firing(JsonNode.Parse(l)!)).Order().ToList();
        Assert.Equal(5, predicted.Count); // any-order: 1, 3, 4; paid-order: (1, 10), (3, 20)

        // The new sensor appears; replay the mirror into it.
        specs.Write("late.yaml", LateSensor());
        Assert.True(await Eventually.HoldsAsync(async () => (await client.PostAsync("http://localhost:5000/sensors/late/replay", new StringContent("[]"))).StatusCode == HttpStatusCode.Accepted, TimeSpan.FromSeconds(30)), "the late sensor was not loaded");
        var request = new EventReplay.Request("late", "kafka", DateTimeOffset.UtcNow.AddHours(-1), null, null, kafka.BootstrapServers, topic, new Uri("http://localhost:5000/"), BatchSize: 4);
        var progress = new StringWriter();
        Assert.Equal(0, await EventReplay.RunAsync(client, request, progress, TextWriter.Null, CancellationToken.None));
        Assert.Contains("replayed 4/6 events into sensor late", progress.ToString());
        Assert.Contains("done: 6 events replayed into sensor late", progress.ToString());

        Assert.True(await Eventually.HoldsAsync(() => LateFirings().Count >= predicted.Count, TimeSpan.FromSeconds(30)), $"{LateFirings().Count} of {predicted.Count} firings");
        await Task.Delay(1000);
        Assert.Equal(predicted, LateFirings().Order().ToList());
        Assert.Equal(4, Calls("/live").Count);

        // A second replay finds every firing done: nothing fires again.
        Assert.Equal(0, await EventReplay.RunAsync(client, request, TextWriter.Null, TextWriter.Null, CancellationToken.None));
        await Task.Delay(2000);
        Assert.Equal(predicted, LateFirings().Order().ToList());
        Assert.Equal(4, Calls("/live").Count);

        File.Delete(lateFile);
        File.Delete(recorded);
        await app.StopAsync();
    }

    [Fact]
    public async Task Replaying_into_a_sensor_that_is_not_loaded_is_refused_with_its_name()
    {
        using var specs = new TempSpecs(("shop.yaml", EventSource));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var events = Path.Combine(specs.Directory, "..", $"events-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(events, """{"specversion":"1.0","id":"1","source":"shop","type":"webhook","subject":"order","time":"2024-07-15T10:00:00Z","data":{"body":{"n":1}}}""" + "\n");
        var errors = new StringWriter();

        var exit = await EventReplay.RunAsync(app.GetTestClient(), new EventReplay.Request("nope", "file", DateTimeOffset.UnixEpoch, null, new FileInfo(events), "", "", new Uri("http://localhost:5000/"), 100), TextWriter.Null, errors, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("sensor \"nope\" is not loaded", errors.ToString());
        var badBody = await app.GetTestClient().PostAsync("http://localhost:5000/sensors/nope/replay", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, badBody.StatusCode);
        File.Delete(events);
        await app.StopAsync();
    }

    private List<JsonNode> Calls(string path) => _sink.Requests.Where(r => r.Path == path).Select(r => JsonNode.Parse(r.Body)!).ToList();

    private List<string> LateFirings() =>
    [
        .. Calls("/late/any-order").Select(c => $"any-order order={c["order"]}"),
        .. Calls("/late/paid-order").Select(c => $"paid-order order={c["order"]} payment={c["payment"]}"),
    ];

    private static string Firing(JsonNode simulated)
    {
        var events = simulated["events"]!.AsObject();
        return events.ContainsKey("payment")
            ? $"{simulated["trigger"]} order={events["order"]} payment={events["payment"]}"
            : $"{simulated["trigger"]} order={events["order"]}";
    }
}

/// <summary>Which sets of events the replay selects: the time range, and each (source, id) once.</summary>
public sealed class ReplaySelectionTests
{
    private static Contracts.EventEnvelope At(string id, int minute) => new() { Id = id, Source = "s", Type = "webhook", Subject = "e", Time = new DateTimeOffset(2024, 7, 15, 10, minute, 0, TimeSpan.Zero) };

    [Fact]
    public void Events_inside_since_until_are_kept_oldest_first_and_a_repeated_id_once()
    {
        var selection = EventReplay.Select([At("c", 3), At("a", 1), At("early", 0), At("b", 2), At("a", 1), At("late", 5)],
            new DateTimeOffset(2024, 7, 15, 10, 1, 0, TimeSpan.Zero), new DateTimeOffset(2024, 7, 15, 10, 5, 0, TimeSpan.Zero));

        Assert.Equal(["a", "b", "c"], selection.Events.Select(e => e.Id));
        Assert.Equal((2, 1), (selection.OutsideRange, selection.Duplicates));
    }

    [Theory]
    [InlineData("2024-07-15T10:00:00Z", "2024-07-15T10:00:00+00:00")]
    [InlineData("2024-07-15T12:00:00+02:00", "2024-07-15T10:00:00+00:00")]
    [InlineData("2h", "2024-07-15T08:00:00+00:00")]
    [InlineData("90m", "2024-07-15T08:30:00+00:00")]
    public void Since_takes_a_timestamp_or_a_duration_ago(string text, string expected)
    {
        Assert.True(TimeArgument.TryParse(text, new DateTimeOffset(2024, 7, 15, 10, 0, 0, TimeSpan.Zero), out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
    }

    [Fact]
    public void Since_refuses_what_is_neither() => Assert.False(TimeArgument.TryParse("yesterday", DateTimeOffset.UnixEpoch, out _));
}
