using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microservices.Events.ServiceDefaults.Telemetry;

namespace Microservices.Events.Tests.Telemetry;

/// <summary>
/// What <c>/metrics</c> shows after varied events: Argo Events' metric names with Argo's labels and meaning, our own
/// without doubled unit suffixes, and labels whose values come from specs only, so the series do not grow with events.
/// </summary>
[Collection(ScrapedMetricsCollection.Name)]
public sealed partial class MetricLabelTests
{
    private const string Source = "metrics-shop";
    private const string Sensor = "metrics-fulfil";

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();

    private static async Task SendVariedEvents(EmbeddedMetrics host, int count, List<string> markers)
    {
        for (var i = 0; i < count; i++)
        {
            var marker = $"marker-{System.Guid.NewGuid():N}";
            markers.Add(marker);
            var body = $$$"""{"id": "{{{marker}}}", "n": {{{i}}}, "nested": {"value": "{{{marker}}}"}}""";
            var response = await host.Webhooks.PostAsync(i % 3 == 0 ? "/refunds" : "/orders", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static double Value(IEnumerable<PrometheusSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value)).Sum(s => s.Value);

    private static IEnumerable<PrometheusSample> Ours(IEnumerable<PrometheusSample> samples) =>
        samples.Where(s => s.Label("otel_scope_name").StartsWith("Microservices.Events", StringComparison.Ordinal));

    private static bool OfThisTest(PrometheusSample s) =>
        s.Label("eventsource_name") == Source || s.Label("event_source") == Source || s.Label("sensor_name") == Sensor || s.Label("sensor") == Sensor;

    [Fact]
    public async Task Argo_metrics_count_events_sent_attempts_and_exhausted_retries_with_Argo_labels()
    {
        await using var host = await EmbeddedMetrics.StartAsync();
        var markers = new List<string>();

        await SendVariedEvents(host, 9, markers);
        var refused = await host.Webhooks.GetAsync("/orders");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(await Eventually.HoldsAsync(async () => Value(await host.ScrapeAsync(), ArgoMetrics.ActionRetriesFailed, ("sensor_name", Sensor)) >= 6, TimeSpan.FromSeconds(30)),
            "the failing trigger did not exhaust its retries for each order");
        var samples = await host.ScrapeAsync();

        Assert.Equal(6, Value(samples, ArgoMetrics.EventsSent, ("eventsource_name", Source), ("event_name", "orders")));
        Assert.Equal(3, Value(samples, ArgoMetrics.EventsSent, ("eventsource_name", Source), ("event_name", "refunds")));
        Assert.Equal(0, Value(samples, ArgoMetrics.EventsSentFailed, ("eventsource_name", Source)));
        Assert.Equal(1, Value(samples, ArgoMetrics.EventsProcessingFailed, ("eventsource_name", Source), ("event_name", "orders")));
        Assert.Equal(2, Value(samples, ArgoMetrics.EventServiceRunning, ("eventsource_name", Source)));
        Assert.Equal(9, Value(samples, "argo_events_event_processing_duration_milliseconds_count", ("eventsource_name", Source)));
        Assert.Equal(6, Value(samples, ArgoMetrics.ActionTriggered, ("sensor_name", Sensor), ("trigger_name", "log-ok")));
        Assert.Equal(0, Value(samples, ArgoMetrics.ActionTriggered, ("sensor_name", Sensor), ("trigger_name", "call-fails")));
        Assert.Equal(12, Value(samples, ArgoMetrics.ActionFailed, ("sensor_name", Sensor), ("trigger_name", "call-fails")));
        Assert.Equal(6, Value(samples, ArgoMetrics.ActionRetriesFailed, ("sensor_name", Sensor), ("trigger_name", "call-fails")));
        Assert.Equal(18, Value(samples, "argo_events_action_duration_milliseconds_count", ("sensor_name", Sensor)));

        // The zero series exist, as Argo starts them, so ratios and alerts have a series before the first failure.
        Assert.Contains(samples, s => s.Name == ArgoMetrics.ActionTriggered && s.Label("trigger_name") == "call-fails");
        Assert.Contains(samples, s => s.Name == ArgoMetrics.EventsSentFailed && s.Label("eventsource_name") == Source && s.Label("event_name") == "refunds");
    }

    [Fact]
    public async Task Argo_metrics_have_exactly_Argo_labels_and_ours_only_bounded_ones()
    {
        await using var host = await EmbeddedMetrics.StartAsync();
        var markers = new List<string>();

        await SendVariedEvents(host, 6, markers);
        Assert.True(await Eventually.HoldsAsync(async () => Value(await host.ScrapeAsync(), ArgoMetrics.ActionRetriesFailed, ("sensor_name", Sensor)) >= 4, TimeSpan.FromSeconds(30)));
        var samples = await host.ScrapeAsync();

        var argo = samples.Where(s => s.Name.StartsWith("argo_events_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(argo);
        Assert.All(argo, s => Assert.Equal(
            s.Name.StartsWith("argo_events_action_", StringComparison.Ordinal) ? "sensor_name,trigger_name"
            : s.Name.StartsWith(ArgoMetrics.EventServiceRunning, StringComparison.Ordinal) ? "eventsource_name"
            : "event_name,eventsource_name",
            string.Join(",", s.LabelNames.Where(l => l != "otel_scope_name"))));
        Assert.All(Ours(samples), s => Assert.All(s.LabelNames, l => Assert.True(l == "otel_scope_name" || MetricLabels.Ours.Contains(l), $"{s.Name} has label {l}")));
        // target_info carries the process's resource (its instance id): one series per process, not per event.
        Assert.All(samples.Where(s => s.Name != "target_info"), s => Assert.All(s.Labels.Values, v =>
        {
            Assert.DoesNotMatch(Guid(), v);
            Assert.DoesNotContain("marker-", v, StringComparison.Ordinal);
        }));
    }

    [Fact]
    public async Task More_events_add_no_series()
    {
        await using var host = await EmbeddedMetrics.StartAsync();
        var markers = new List<string>();
        await SendVariedEvents(host, 6, markers);
        Assert.True(await Eventually.HoldsAsync(async () => Value(await host.ScrapeAsync(), ArgoMetrics.ActionRetriesFailed, ("sensor_name", Sensor)) >= 4, TimeSpan.FromSeconds(30)));
        var before = await SettledSeries(host);

        await SendVariedEvents(host, 12, markers);
        Assert.True(await Eventually.HoldsAsync(async () => Value(await host.ScrapeAsync(), ArgoMetrics.ActionRetriesFailed, ("sensor_name", Sensor)) >= 12, TimeSpan.FromSeconds(30)));
        var after = await SettledSeries(host);

        Assert.NotEmpty(before);
        Assert.True(before.SetEquals(after), $"new: {string.Join(" ", after.Except(before))}; gone: {string.Join(" ", before.Except(after))}");
    }

    [Fact]
    public async Task Duration_metrics_carry_their_unit_once()
    {
        await using var host = await EmbeddedMetrics.StartAsync();
        await SendVariedEvents(host, 3, []);
        Assert.True(await Eventually.HoldsAsync(async () => Value(await host.ScrapeAsync(), "end_to_end_latency_milliseconds_count") > 0, TimeSpan.FromSeconds(30)));
        var names = (await host.ScrapeAsync()).Select(s => s.Name).ToHashSet();

        Assert.DoesNotContain(names, n => Regex.IsMatch(n, "_(ms|milliseconds|seconds|s)_(ms|milliseconds|seconds)(_|$)"));
        Assert.Contains("action_duration_milliseconds_count", names);
        Assert.Contains("end_to_end_latency_milliseconds_count", names);
        Assert.Contains("event_processing_duration_milliseconds_count", names);
        Assert.Contains("ingest_to_publish_milliseconds_count", names);
        Assert.Contains("argo_events_action_duration_milliseconds_count", names);
        Assert.Contains("argo_events_event_processing_duration_milliseconds_count", names);
    }

    /// <summary>
    /// The series once the events sent have been handled to the end: two scrapes half a second apart show the same
    /// series (a trigger's outcome is recorded a moment after the counter the test waits for).
    /// </summary>
    private static async Task<SortedSet<string>> SettledSeries(EmbeddedMetrics host)
    {
        var current = Series(await host.ScrapeAsync());
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var next = Series(await host.ScrapeAsync());
            if (next.SetEquals(current))
            {
                return next;
            }

            current = next;
        }

        return current;
    }

    /// <summary>The series of this test's EventSource and sensor: name and labels, without values.</summary>
    private static SortedSet<string> Series(IEnumerable<PrometheusSample> samples) =>
        new(Ours(samples).Where(OfThisTest).Select(s => $"{s.Name}{{{string.Join(",", s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}}}"), StringComparer.Ordinal);
}
