using System.Diagnostics.Metrics;
using Microservices.Events.Contracts;
using Microservices.Events.SensorState;
using Microservices.Events.SensorState.Outcomes;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.SensorState;

/// <summary>sensor-state consumes trigger-dispatch's TriggerSucceeded / TriggerFailed and keeps each trigger's last outcome.</summary>
public sealed class TriggerOutcomeTests
{
    private const string Sensor = """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: outcomes}
        spec:
          dependencies:
            - {name: dep, eventSourceName: webhook, eventName: example}
          triggers:
            - template: {name: call, log: {}}
        """;

    [Fact]
    public async Task Sensor_state_keeps_the_last_outcome_trigger_dispatch_reported_for_each_trigger()
    {
        await using var h = await SensorStateHarness.StartAsync(Sensor);
        var board = h.Services.GetRequiredService<TriggerOutcomeBoard>();
        var succeeded = Guid.NewGuid();
        var failed = Guid.NewGuid();

        await h.Harness.Bus.Publish(new TriggerSucceeded { FiringId = succeeded, Sensor = "outcomes", Trigger = "call", Kind = "log", Detail = "logged 1 event(s)" });
        Assert.True(await Eventually.HoldsAsync(() => board.TryGet("outcomes", "call", out var s) && s.LastFiringId == succeeded), "the success was not recorded");
        await h.Harness.Bus.Publish(new TriggerFailed { FiringId = failed, Sensor = "outcomes", Trigger = "call", Kind = "log", Reason = "boom" });
        Assert.True(await Eventually.HoldsAsync(() => board.TryGet("outcomes", "call", out var s) && s.LastFiringId == failed), "the failure was not recorded");

        Assert.True(board.TryGet("outcomes", "call", out var status));
        Assert.False(status.LastSucceeded);
        Assert.Equal("boom", status.LastDetail);
        Assert.NotNull(status.LastSucceededAt);
        Assert.True(status.LastFailedAt >= status.LastSucceededAt);
        Assert.Equal(["failed", "succeeded"], LastOutcomeSeries("outcomes", "call"));
    }

    [Fact]
    public void An_outcome_sent_before_the_one_already_known_does_not_replace_it()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var telemetry = new SensorStateTelemetry(services.GetRequiredService<IMeterFactory>());
        var board = new TriggerOutcomeBoard(new StaticSpecCatalog(SpecSnapshot.Empty), telemetry);
        var now = DateTimeOffset.UtcNow;

        board.Record("s", "t", succeeded: false, Guid.NewGuid(), "late failure", now);
        board.Record("s", "t", succeeded: true, Guid.NewGuid(), "earlier success", now.AddSeconds(-5));

        Assert.True(board.TryGet("s", "t", out var status));
        Assert.False(status.LastSucceeded);
        Assert.Equal(now.AddSeconds(-5), status.LastSucceededAt);
    }

    [Fact]
    public async Task A_trigger_removed_from_the_specs_is_forgotten()
    {
        await using var h = await SensorStateHarness.StartAsync(Sensor);
        var board = h.Services.GetRequiredService<TriggerOutcomeBoard>();
        board.Record("outcomes", "call", succeeded: true, Guid.NewGuid(), "ok", DateTimeOffset.UtcNow);

        h.Catalog.Replace(SpecSnapshot.Empty);

        Assert.False(board.TryGet("outcomes", "call", out _));
    }

    /// <summary>The outcomes <c>trigger_last_outcome_timestamp_seconds</c> reports for one trigger.</summary>
    private static List<string> LastOutcomeSeries(string sensor, string trigger)
    {
        var outcomes = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == SensorStateTelemetry.Name && i.Name == "trigger_last_outcome_timestamp_seconds")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(x => x.Key, x => x.Value as string);
            if (t["sensor"] == sensor && t["trigger"] == trigger)
            {
                lock (outcomes)
                {
                    outcomes.Add(t["outcome"]!);
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return outcomes.Order(StringComparer.Ordinal).ToList();
    }
}
