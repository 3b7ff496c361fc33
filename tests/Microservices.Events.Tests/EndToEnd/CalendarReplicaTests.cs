using System.Globalization;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// A calendar source run by several processes, or by one that restarts: embedded hosts (all four services each) on one
/// SQLite state file, as replicas share one state database. Each tick reaches the HTTP trigger once; a restart with
/// catch-up fires the ticks missed while nothing ran, and only those.
/// </summary>
public sealed class CalendarReplicaTests : IAsyncLifetime
{
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private static string Calendar(string interval, string? maxDuration, string name = "clock") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: {{name}}}
        spec:
          calendar:
            tick:
              interval: {{interval}}
              persistence:
                catchup: {enabled: true{{(maxDuration is null ? "" : $", maxDuration: {maxDuration}")}}}
                configMap: {name: calendar-ticks, createIfNotExist: true}
        """;

    private string Sensor(string source = "clock") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: on-tick}
        spec:
          dependencies:
            - {name: tick, eventSourceName: {{source}}, eventName: tick}
          triggers:
            - template:
                name: call
                http:
                  url: {{_sink.BaseUrl}}/tick
                  payload:
                    - src: {dependencyName: tick, dataKey: eventTime}
                      dest: time
                    - src: {dependencyName: tick, contextKey: id}
                      dest: id
        """;

    [Fact]
    public async Task Two_ingress_replicas_with_one_calendar_fire_each_tick_once()
    {
        using var specs = new TempSpecs(("clock.yaml", Calendar("1s", null, "replica-clock")), ("sensor.yaml", Sensor("replica-clock")));
        using var state = new TempStateFile();
        using var published = new CounterTotal("Microservices.Events.BusGateway", "events_published_total", "event_source", "replica-clock");
        using var duplicates = new CounterTotal("Microservices.Events.BusGateway", "events_duplicated_total", "event_source", "replica-clock");
        await using var first = await StartAsync(specs, state);
        await using var second = await StartAsync(specs, state);

        Assert.True(await Eventually.HoldsAsync(() => Ticks().Count >= 5, TimeSpan.FromSeconds(30)), $"{Ticks().Count} ticks arrived");
        await first.StopAsync();
        await second.StopAsync();

        var ticks = Ticks();
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
        Assert.Equal(ticks.Count, _sink.Requests.Select(r => JsonNode.Parse(r.Body)!["id"]!.GetValue<string>()).Distinct().Count());

        // Both replicas sent the ticks; bus-gateway published each once and dropped the other copy as a duplicate.
        Assert.True(duplicates.Total >= 3, $"{duplicates.Total} duplicates dropped");
        Assert.InRange(published.Total, ticks.Count, ticks.Count + 1);
    }

    [Fact]
    public async Task A_restart_inside_max_duration_fires_exactly_the_ticks_missed_meanwhile()
    {
        using var specs = new TempSpecs(("clock.yaml", Calendar("1s", "1m")), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        await using (var before = await StartAsync(specs, state))
        {
            Assert.True(await Eventually.HoldsAsync(() => Ticks().Count >= 2, TimeSpan.FromSeconds(30)), "the calendar did not tick");
            await before.StopAsync();
        }

        var beforeRestart = Ticks();
        var handled = LastTickHandled(state);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var restartedAt = DateTimeOffset.UtcNow;
        await using var after = await StartAsync(specs, state);
        Assert.True(await Eventually.HoldsAsync(() => Ticks().Count(t => t > restartedAt) >= 2, TimeSpan.FromSeconds(30)), "the calendar did not tick after the restart");
        await after.StopAsync();

        // None twice; every second up to the last tick the first process reached the sink with arrived; and from the
        // tick after the last one it handed to its bus, every second to the end: the ticks of the pause were caught up.
        // Between the two may lie ticks the first process's bus had accepted and still held when it stopped: the
        // in-memory bus loses messages in flight with its process (README, "State and delivery guarantees").
        var ticks = Ticks().Order().ToList();
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
        Assert.True(handled >= beforeRestart.Max(), $"the last tick recorded ({handled:O}) is before the last one that arrived ({beforeRestart.Max():O})");
        Assert.Equal(Seconds(ticks[0], beforeRestart.Max()), ticks.Where(t => t <= beforeRestart.Max()));
        Assert.DoesNotContain(ticks, t => t > beforeRestart.Max() && t <= handled);
        Assert.Equal(Seconds(handled.AddSeconds(1), ticks[^1]), ticks.Where(t => t > handled));
        Assert.True(ticks.Count(t => t > handled && t < restartedAt) >= 3, "the pause missed no ticks");
    }

    private static List<DateTimeOffset> Seconds(DateTimeOffset from, DateTimeOffset to) =>
        Enumerable.Range(0, (int)(to - from).TotalSeconds + 1).Select(s => from.AddSeconds(s)).ToList();

    /// <summary>The scheduled time of the latest tick the calendar recorded as handed to the bus, to the second as <see cref="Ticks"/> reads them.</summary>
    private static DateTimeOffset LastTickHandled(TempStateFile state)
    {
        using var connection = new SqliteConnection($"Data Source={state.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_tick FROM calendar_ticks WHERE event_source = 'clock' AND event_name = 'tick'";
        return DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) / 1000);
    }

    [Fact]
    public async Task A_restart_after_max_duration_catches_up_no_further_back_than_max_duration()
    {
        using var specs = new TempSpecs(("clock.yaml", Calendar("1s", "2s")), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        await using (var before = await StartAsync(specs, state))
        {
            Assert.True(await Eventually.HoldsAsync(() => Ticks().Count >= 1, TimeSpan.FromSeconds(30)), "the calendar did not tick");
            await before.StopAsync();
        }

        var lastBefore = Ticks().Max();
        await Task.Delay(TimeSpan.FromSeconds(6));
        var restartedAt = DateTimeOffset.UtcNow;
        await using var after = await StartAsync(specs, state);
        Assert.True(await Eventually.HoldsAsync(() => Ticks().Count(t => t > restartedAt) >= 1, TimeSpan.FromSeconds(30)), "the calendar did not tick after the restart");
        await after.StopAsync();

        var caughtUp = Ticks().Where(t => t > lastBefore && t <= restartedAt).ToList();
        Assert.NotEmpty(caughtUp);
        Assert.All(caughtUp, t => Assert.True(t >= restartedAt.AddSeconds(-3), $"tick {t:O} is older than maxDuration before the restart at {restartedAt:O}"));
    }

    /// <summary>The scheduled time of every tick that reached the trigger, as the event's <c>eventTime</c> says.</summary>
    private List<DateTimeOffset> Ticks() => _sink.Requests
        .Where(r => r.Path == "/tick")
        .Select(r => DateTimeOffset.ParseExact(JsonNode.Parse(r.Body)!["time"]!.GetValue<string>()[..19], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))
        .ToList();

    private static async Task<WebApplication> StartAsync(TempSpecs specs, TempStateFile state)
    {
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.WebHost.UseTestServer();
        var app = EmbeddedHost.Build(builder);

        // MassTransit keeps its log context in an AsyncLocal that a host started or stopped earlier in this test left behind.
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        return app;
    }
}
