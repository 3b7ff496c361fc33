using System.Globalization;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

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
        await Task.Delay(TimeSpan.FromSeconds(4));
        var restartedAt = DateTimeOffset.UtcNow;
        await using var after = await StartAsync(specs, state);
        Assert.True(await Eventually.HoldsAsync(() => Ticks().Count(t => t > restartedAt) >= 2, TimeSpan.FromSeconds(30)), "the calendar did not tick after the restart");
        await after.StopAsync();

        // Every second from the first tick to the last arrived once: the ticks of the pause were caught up, none twice.
        var ticks = Ticks().Order().ToList();
        var expected = Enumerable.Range(0, (int)(ticks[^1] - ticks[0]).TotalSeconds + 1).Select(s => ticks[0].AddSeconds(s)).ToList();
        Assert.Equal(expected, ticks);
        Assert.True(ticks.Count(t => t > beforeRestart.Max() && t < restartedAt) >= 3, "the pause missed no ticks");
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
