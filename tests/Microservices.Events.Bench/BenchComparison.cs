using System.Globalization;
using System.Text.Json;

namespace Microservices.Events.Bench;

/// <summary>
/// Two sets of bench reports (the <c>--out</c> files of several runs of each of two builds) side by side, figure by
/// figure: the median of each side, its range, and whether the ranges are apart. One pair of runs says little where
/// runs of one build spread by a tenth or more; alternated runs of both, compared here, show what a change does.
/// </summary>
public static class BenchComparison
{
    /// <summary>The figures of one report by name: each run's events/s and p99, lost and duplicates, each ratio (%), each timing row.</summary>
    public static IReadOnlyDictionary<string, double> Figures(JsonElement report)
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var result in Items(report, "results"))
        {
            var name = result.GetProperty("name").GetString();
            Add(figures, $"{name}: events/s", result, "perSecond");
            Add(figures, $"{name}: p99 ms", result, "p99Ms");
            if (Number(result, "lost") is { } lost && Number(result, "duplicates") is { } duplicates)
            {
                figures[$"{name}: lost + duplicates"] = lost + duplicates;
            }
        }

        foreach (var ratio in Items(report, "ratios"))
        {
            if (Number(ratio, "value") is { } value)
            {
                figures[$"{ratio.GetProperty("name").GetString()} (%)"] = value * 100;
            }
        }

        var services = 0.0;
        var serviceRows = 0;
        foreach (var row in Items(report, "timing"))
        {
            var service = row.GetProperty("service").GetString();
            var step = row.GetProperty("step").GetString();
            Add(figures, $"{service} {step}", row, "meanMs");
            if (step == ServiceCpuStep && Services.Contains(service) && Number(row, "meanMs") is { } cpu)
            {
                services += cpu;
                serviceRows++;
            }
        }

        if (serviceRows == Services.Count)
        {
            figures[$"four services {ServiceCpuStep}, summed"] = services;
        }

        return figures;
    }

    /// <summary>The durable run's CPU row of each service (the one without a suffix: not the hot trigger's).</summary>
    private const string ServiceCpuStep = "cpu ms per event (warm-up and load)";

    private static readonly IReadOnlySet<string?> Services = new HashSet<string?>(StringComparer.Ordinal) { "ingress", "bus-gateway", "sensor-state", "trigger-dispatch" };

    /// <summary>Every figure of either side, in the order first met (side A first).</summary>
    public static IReadOnlyList<ComparedFigure> Compare(IReadOnlyList<IReadOnlyDictionary<string, double>> a, IReadOnlyList<IReadOnlyDictionary<string, double>> b)
    {
        var names = a.Concat(b).SelectMany(f => f.Keys).Distinct(StringComparer.Ordinal);
        return [.. names.Select(name => Compared(name, Spread.Of(a, name), Spread.Of(b, name)))];
    }

    /// <summary>The reports (<c>*.json</c>) of one directory, in name order.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"--compare: {directory} is not a directory");
        }

        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        return files.Count > 0
            ? [.. files.Select(Read)]
            : throw new ArgumentException($"--compare: {directory} holds no bench report (*.json)");
    }

    /// <summary>
    /// How often two sets of runs of one build, of these sizes, have ranges that do not overlap: the greatest (or
    /// least) values of all <c>a + b</c> runs all on one side, <c>2 / C(a + b, a)</c>. Three runs a side: 10 %.
    /// </summary>
    public static double ApartByChance(int a, int b)
    {
        var ways = 1.0;
        for (var i = 1; i <= a; i++)
        {
            ways = ways * (b + i) / i;
        }

        return Math.Min(1, 2 / ways);
    }

    /// <summary>Ranges apart by chance no more often than this are marked apart.</summary>
    public const double ApartAtMost = 0.05;

    private static IReadOnlyDictionary<string, double> Read(string file)
    {
        try
        {
            return Figures(JsonDocument.Parse(File.ReadAllText(file)).RootElement);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException($"--compare: {file} is not a bench report: {ex.Message}", ex);
        }
    }

    public static void Print(string a, string b, IReadOnlyList<ComparedFigure> figures)
    {
        Console.WriteLine($"A: {a}\nB: {b}\nmedian [min-max] (runs); change: B's median against A's; apart: the two ranges do not overlap, which runs of one build do by chance at most {ApartAtMost:P0} of the time (4 runs a side: {ApartByChance(4, 4):P1}; 3: {ApartByChance(3, 3):P0}, never marked)\n");
        Console.WriteLine($"| {"figure",-86} | {"A",-28} | {"B",-28} | {"change",8} | apart");
        Console.WriteLine($"|{new string('-', 88)}|{new string('-', 30)}|{new string('-', 30)}|{new string('-', 10)}|------");
        foreach (var f in figures)
        {
            Console.WriteLine($"| {f.Name,-86} | {Show(f.A),-28} | {Show(f.B),-28} | {(f.Change is { } c ? c.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture) : "-"),8} | {(f.Apart ? "yes" : "")}");
        }
    }

    private static ComparedFigure Compared(string name, Spread? a, Spread? b) => new(
        name,
        a,
        b,
        a is { Median: not 0 } && b is not null ? (b.Median / a.Median) - 1 : null,
        a is not null && b is not null && (a.Max < b.Min || b.Max < a.Min) && ApartByChance(a.Count, b.Count) <= ApartAtMost);

    private static string Show(Spread? s) => s is null
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{G(s.Median)} [{G(s.Min)}-{G(s.Max)}] ({s.Count})");

    private static string G(double v) => Math.Abs(v) >= 100 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static IEnumerable<JsonElement> Items(JsonElement report, string name) =>
        report.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    private static double? Number(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.GetDouble() is var d && double.IsFinite(d) ? d : null;

    private static void Add(Dictionary<string, double> figures, string name, JsonElement item, string property)
    {
        if (Number(item, property) is { } value)
        {
            figures[name] = value;
        }
    }
}

/// <summary>
/// One figure on both sides; <see cref="Change"/>: B's median against A's (0.1 is 10 % more); <see cref="Apart"/>: the
/// ranges do not overlap and runs this many would rarely do so by chance (<see cref="BenchComparison.ApartByChance"/>).
/// </summary>
public sealed record ComparedFigure(string Name, Spread? A, Spread? B, double? Change, bool Apart);

/// <summary>The median, least and greatest of one figure over the runs that have it.</summary>
public sealed record Spread(double Median, double Min, double Max, int Count)
{
    public static Spread? Of(IReadOnlyList<IReadOnlyDictionary<string, double>> runs, string name)
    {
        var values = runs.Where(r => r.ContainsKey(name)).Select(r => r[name]).Order().ToList();
        if (values.Count == 0)
        {
            return null;
        }

        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return new Spread(median, values[0], values[^1], values.Count);
    }
}
