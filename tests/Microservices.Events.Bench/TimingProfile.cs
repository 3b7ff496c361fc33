using System.Globalization;
using System.Text.RegularExpressions;

namespace Microservices.Events.Bench;

/// <summary>One timed step of the durable run: a histogram of one service, how often it ran and its mean.</summary>
public sealed record TimingRow(string Service, string Step, long Count, double MeanMs);

/// <summary>
/// Where the time of the durable run went, read from each service's <c>/metrics</c> after the run: MassTransit's
/// consume and saga durations per endpoint, the state store's operation durations per table and ingress's time from
/// its webhook handler's start to the bus's confirm of the event; for the saga rows,
/// their size and how many messages' changes one write saved (the mean, in the column of means).
/// </summary>
public static partial class TimingProfile
{
    private static readonly (string Metric, string[] Labels)[] Steps =
    [
        ("messaging_masstransit_consume_duration_milliseconds", ["messaging_masstransit_destination"]),
        (SagaDuration, ["messaging_masstransit_destination"]),
        ("messaging_masstransit_delivery_duration_milliseconds", ["messaging_masstransit_destination"]),
        ("state_operation_duration_milliseconds", ["table", "operation"]),
        ("state_saga_row_size_bytes", ["table"]),
        ("state_saga_changes_per_write", ["table"]),
        (IngressDuration, ["event_source"]),
    ];

    /// <summary>ingress: from its webhook handler's start (body read, event made) to the bus's confirm of the event.</summary>
    private const string IngressDuration = "event_processing_duration_milliseconds";

    private const string SagaDuration = "messaging_masstransit_saga_duration_milliseconds";

    private const string AllocatedMetric = "dotnet_gc_heap_total_allocated_bytes_total";

    /// <summary>
    /// How many matched dependency events sensor-state's correlation sagas applied (<c>dependencies_correlated_total</c>),
    /// from its Prometheus text. Under load one saga message carries many of them.
    /// </summary>
    public static long CorrelatedEvents(string prometheusText) =>
        (long)PrometheusText.Parse(prometheusText).Where(s => s.Name == "dependencies_correlated_total").Sum(s => s.Value);

    /// <summary>How many messages the sagas of a service handled, from its Prometheus text.</summary>
    public static long SagaMessages(string prometheusText) =>
        Parse("", prometheusText).Where(r => r.Step.StartsWith(Short(SagaDuration) + " ", StringComparison.Ordinal)).Sum(r => r.Count);

    /// <summary>
    /// Bytes the process allocated since it started (the runtime's <c>dotnet.gc.heap.total_allocated</c>), from its
    /// Prometheus text; null when the text does not carry it.
    /// </summary>
    public static double? AllocatedBytes(string prometheusText)
    {
        foreach (var line in prometheusText.Split('\n'))
        {
            var match = CounterLine().Match(line.Trim());
            if (match.Success && match.Groups["metric"].Value == AllocatedMetric)
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public static IReadOnlyList<TimingRow> Parse(string service, string prometheusText)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in prometheusText.Split('\n'))
        {
            var match = SampleLine().Match(line.Trim());
            if (!match.Success)
            {
                continue;
            }

            var metric = match.Groups["metric"].Value;
            var step = Array.Find(Steps, s => s.Metric == metric);
            if (step.Metric is null)
            {
                continue;
            }

            var labels = Labels(match.Groups["labels"].Value);
            var name = Short(metric) + " " + string.Join("/", step.Labels.Select(l => labels.GetValueOrDefault(l, "?")));
            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            if (match.Groups["kind"].Value == "sum")
            {
                sums[name] = sums.GetValueOrDefault(name) + value;
            }
            else
            {
                counts[name] = counts.GetValueOrDefault(name) + (long)value;
            }
        }

        return [.. counts.Where(c => c.Value > 0 && sums.ContainsKey(c.Key))
            .Select(c => new TimingRow(service, c.Key, c.Value, sums[c.Key] / c.Value))
            .OrderBy(r => r.Step, StringComparer.Ordinal)];
    }

    /// <summary>
    /// What happened between two readings of the same processes' profiles: for each step of <paramref name="after"/>,
    /// the operations since <paramref name="before"/> and their mean (from the differences of the counts and sums),
    /// named with <paramref name="suffix"/>; steps with no new operations are left out.
    /// </summary>
    public static IReadOnlyList<TimingRow> Between(IReadOnlyList<TimingRow> before, IReadOnlyList<TimingRow> after, string suffix)
    {
        var earlier = before.ToDictionary(r => (r.Service, r.Step));
        var rows = new List<TimingRow>();
        foreach (var row in after)
        {
            var (count, sum) = earlier.TryGetValue((row.Service, row.Step), out var first)
                ? (row.Count - first.Count, row.MeanMs * row.Count - first.MeanMs * first.Count)
                : (row.Count, row.MeanMs * row.Count);
            if (count > 0)
            {
                rows.Add(new TimingRow(row.Service, row.Step + suffix, count, sum / count));
            }
        }

        return rows;
    }

    private static string Short(string metric) => metric switch
    {
        "messaging_masstransit_consume_duration_milliseconds" => "consume ms",
        SagaDuration => "saga ms",
        "messaging_masstransit_delivery_duration_milliseconds" => "queued ms",
        "state_operation_duration_milliseconds" => "state ms",
        "state_saga_row_size_bytes" => "saga row bytes",
        "state_saga_changes_per_write" => "saga changes per write",
        IngressDuration => "receipt to bus ms",
        _ => metric,
    };

    private static Dictionary<string, string> Labels(string text) =>
        LabelPair().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    [GeneratedRegex("""^(?<metric>[a-z_]+)(\{(?<labels>.*)\})? (?<value>[0-9.eE+-]+)( \d+)?$""")]
    private static partial Regex CounterLine();

    [GeneratedRegex("""^(?<metric>[a-z_]+)_(?<kind>sum|count)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex LabelPair();
}
