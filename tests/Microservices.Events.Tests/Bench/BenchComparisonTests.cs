using System.Text.Json;
using Microservices.Events.Bench;

namespace Microservices.Events.Tests.Bench;

/// <summary>Bench reports of two builds side by side (<c>--compare DIR_A DIR_B</c>): figures, medians, ranges, and whether they are apart.</summary>
public sealed class BenchComparisonTests
{
    private static IReadOnlyDictionary<string, double> Report(double durable, double ratio, double gatewayCpu, double? p99 = 120.5) =>
        BenchComparison.Figures(JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            results = new object[]
            {
                new { name = "kestrel baseline", perSecond = 15000.0, p99Ms = (double?)null, lost = (int?)null, duplicates = (int?)null },
                new { name = "durable", perSecond = durable, p99Ms = p99, lost = (int?)1, duplicates = (int?)2 },
            },
            ratios = new[] { new { name = "durable / raw chain (rabbitmq)", value = ratio } },
            timing = new[]
            {
                new { service = "bus-gateway", step = "cpu ms per event (warm-up and load)", meanMs = gatewayCpu },
                new { service = "sensor-state", step = "cpu ms per event (warm-up and load)", meanMs = 1.0 },
                new { service = "trigger-dispatch", step = "cpu ms per event (warm-up and load)", meanMs = 1.0 },
                new { service = "ingress", step = "cpu ms per event (warm-up and load)", meanMs = 0.5 },
                new { service = "sensor-state", step = "cpu ms per event (warm-up and load), hot trigger", meanMs = 9.0 },
            },
        })).RootElement);

    [Fact]
    public void A_report_gives_rates_latencies_losses_ratios_in_percent_and_timing_rows_by_name()
    {
        var figures = Report(durable: 400, ratio: 0.25, gatewayCpu: 0.5);

        Assert.Equal(15000, figures["kestrel baseline: events/s"]);
        Assert.False(figures.ContainsKey("kestrel baseline: p99 ms"));
        Assert.False(figures.ContainsKey("kestrel baseline: lost + duplicates"));
        Assert.Equal(400, figures["durable: events/s"]);
        Assert.Equal(120.5, figures["durable: p99 ms"]);
        Assert.Equal(3, figures["durable: lost + duplicates"]);
        Assert.Equal(25, figures["durable / raw chain (rabbitmq) (%)"]);
        Assert.Equal(0.5, figures["bus-gateway cpu ms per event (warm-up and load)"]);
        Assert.Equal(3.0, figures["four services cpu ms per event (warm-up and load), summed"], 9);
    }

    [Fact]
    public void Each_side_is_summed_up_by_its_median_and_range()
    {
        IReadOnlyDictionary<string, double>[] a = [Report(400, 0.25, 0.5), Report(300, 0.20, 0.7), Report(500, 0.30, 0.6)];
        IReadOnlyDictionary<string, double>[] b = [Report(450, 0.26, 0.4), Report(350, 0.24, 0.3)];

        var durable = BenchComparison.Compare(a, b).Single(f => f.Name == "durable: events/s");

        Assert.Equal(new Spread(400, 300, 500, 3), durable.A);
        Assert.Equal(new Spread(400, 350, 450, 2), durable.B);
        Assert.Equal(0, durable.Change);
        Assert.False(durable.Apart);
    }

    [Fact]
    public void Ranges_that_do_not_overlap_are_marked_apart_when_enough_runs_make_that_unlikely_by_chance()
    {
        IReadOnlyDictionary<string, double>[] a = [Report(400, 0.25, 0.6), Report(410, 0.25, 0.7), Report(402, 0.25, 0.65), Report(404, 0.25, 0.61)];
        IReadOnlyDictionary<string, double>[] b = [Report(405, 0.25, 0.4), Report(395, 0.25, 0.5), Report(401, 0.25, 0.45), Report(403, 0.25, 0.42)];

        var compared = BenchComparison.Compare(a, b);

        var cpu = compared.Single(f => f.Name == "bus-gateway cpu ms per event (warm-up and load)");
        Assert.True(cpu.Apart);
        Assert.Equal((0.435 / 0.63) - 1, cpu.Change!.Value, 9);
        Assert.False(compared.Single(f => f.Name == "durable: events/s").Apart);

        // Three runs a side are apart by chance one time in ten: not marked.
        Assert.False(BenchComparison.Compare(a[..3], b[..3]).Single(f => f.Name == cpu.Name).Apart);
    }

    [Theory]
    [InlineData(1, 1, 1.0)]
    [InlineData(3, 3, 0.1)]
    [InlineData(4, 4, 2.0 / 70)]
    [InlineData(5, 5, 2.0 / 252)]
    [InlineData(2, 4, 2.0 / 15)]
    public void The_chance_that_runs_of_one_build_are_apart_is_two_orderings_in_all(int a, int b, double chance) =>
        Assert.Equal(chance, BenchComparison.ApartByChance(a, b), 12);

    [Fact]
    public void A_figure_only_one_side_has_is_listed_without_a_change()
    {
        var compared = BenchComparison.Compare([Report(400, 0.25, 0.5, p99: null)], [Report(400, 0.25, 0.5)]);

        var p99 = compared.Single(f => f.Name == "durable: p99 ms");
        Assert.Null(p99.A);
        Assert.NotNull(p99.B);
        Assert.Null(p99.Change);
        Assert.False(p99.Apart);
    }

    [Fact]
    public void Compare_takes_two_directories_and_refuses_one_without_reports()
    {
        Assert.Equal(("a", "b"), BenchOptions.Parse(["--compare", "a", "b"]).Compare);
        Assert.Null(BenchOptions.Parse([]).Compare);
        Assert.Contains("needs a value", Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--compare", "a"])).Message, StringComparison.Ordinal);

        var empty = Directory.CreateTempSubdirectory("bench-compare-").FullName;
        try
        {
            Assert.Contains("holds no bench report", Assert.Throws<ArgumentException>(() => BenchComparison.Load(empty)).Message, StringComparison.Ordinal);
            Assert.Contains("is not a directory", Assert.Throws<ArgumentException>(() => BenchComparison.Load(Path.Combine(empty, "missing"))).Message, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(empty, "run-1.json"), "{ not json");
            Assert.Contains("run-1.json is not a bench report", Assert.Throws<ArgumentException>(() => BenchComparison.Load(empty)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
