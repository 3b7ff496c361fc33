using System.Globalization;
using System.Text.Json;

namespace Microservices.Events.Bench;

/// <summary>Prints the table and writes the same figures as JSON.</summary>
public static class Report
{
    public static void Print(BenchOptions options, BenchReport report)
    {
        var (results, ratios, timing, scale) = (report.Results, report.Ratios, report.Timing, report.Scale);
        Console.WriteLine();
        Console.WriteLine($"events {options.Events} after {options.Warmup} warm-up, concurrency {options.Concurrency}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine($"| {"run",-22} | {"accepted",8} | {"rejected",8} | {"seconds",7} | {"per s",9} | {"p50 ms",8} | {"p95 ms",8} | {"p99 ms",8} | {"expected",8} | {"lost",6} | {"dupl.",6} | note");
        Console.WriteLine($"|{new string('-', 24)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 9)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 8)}|{new string('-', 8)}|-----");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Name,-22} | {r.Accepted,8} | {r.Rejected,8} | {F(r.Seconds, 2),7} | {F(r.PerSecond, 0),9} | {F(r.P50Ms, 1),8} | {F(r.P95Ms, 1),8} | {F(r.P99Ms, 1),8} | {I(r.Expected),8} | {I(r.Lost),6} | {I(r.Duplicates),6} | {r.Note}");
        }

        Console.WriteLine();
        foreach (var ratio in ratios)
        {
            Console.WriteLine($"  {ratio.Name}: {ratio.Value.ToString("P1", CultureInfo.InvariantCulture)}");
        }

        PrintOpenLoop(report.OpenLoop);

        if (timing.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("timing profile (mean per operation: CPU and broker work per event of the raw RabbitMQ chain and of the durable run, then each service's /metrics; rows ending in ', hot trigger' are of the hot trigger's run):");
            foreach (var row in timing)
            {
                Console.WriteLine($"  {row.Service,-16} {row.Step,-66} {row.Count,8} x {F(row.MeanMs, 2),10}");
            }
        }

        if (scale.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("scale: generated sensors in sensor-state (own process, in-memory bus/state) and the matcher's cost per event:");
            Console.WriteLine($"| {"sensors",8} | {"start s",7} | {"start CPU s",11} | {"resident MiB",12} | {"index build ms",14} | {"match ns/event",14} | matches/event");
            Console.WriteLine($"|{new string('-', 10)}|{new string('-', 9)}|{new string('-', 13)}|{new string('-', 14)}|{new string('-', 16)}|{new string('-', 16)}|--------------");
            foreach (var s in scale)
            {
                Console.WriteLine($"| {s.Sensors,8} | {F(s.StartSeconds, 1),7} | {F(s.StartCpuSeconds, 1),11} | {F(s.ResidentMiB, 0),12} | {F(s.IndexBuildMs, 1),14} | {F(s.MatchNanoseconds, 0),14} | {s.MatchesPerEvent}");
            }

            if (scale.Count > 1)
            {
                var (small, large) = (scale[0], scale[^1]);
                Console.WriteLine($"  matching at {large.Sensors} / at {small.Sensors} sensors: {F(large.MatchNanoseconds / small.MatchNanoseconds, 2)}x; resident +{F(large.ResidentMiB - small.ResidentMiB, 0)} MiB ({F((large.ResidentMiB - small.ResidentMiB) * 1024 / (large.Sensors - small.Sensors), 1)} KiB per sensor)");
            }
        }

        if (report.ScaleProfile is { } profile)
        {
            Console.WriteLine();
            Console.WriteLine($"loading {profile.Sensors} sensors in the bench process, step by step; the snapshot and index keep {F(profile.RetainedMiB, 0)} MiB of managed heap:");
            foreach (var step in profile.Steps)
            {
                Console.WriteLine($"  {step.Step,-60} {F(step.Ms, 0),8} ms {F(step.AllocatedMiB, 0),8} MiB allocated");
            }
        }
    }

    private static void PrintOpenLoop(IReadOnlyList<OpenLoopResult> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("open loop: constant arrival rate, trigger 'one' latency in ms (HdrHistogram) from each event's due moment and from its webhook 200:");
        Console.WriteLine($"| {"run",-22} | {"rate /s",8} | {"events",7} | {"rejected",8} | {"behind ms",9} | {"from",6} | {"p50",8} | {"p90",8} | {"p99",8} | {"p99.9",8} | {"max",8} | {"lost",5} | {"dupl.",5} | rate");
        Console.WriteLine($"|{new string('-', 24)}|{new string('-', 10)}|{new string('-', 9)}|{new string('-', 10)}|{new string('-', 11)}|{new string('-', 8)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 7)}|{new string('-', 7)}|-----");
        foreach (var r in runs)
        {
            foreach (var (from, p) in new[] { ("due", r.FromDue), ("200", r.FromAccepted) })
            {
                Console.WriteLine($"| {r.Name,-22} | {F(r.RatePerSecond, 1),8} | {r.Events,7} | {r.Rejected,8} | {F(r.SenderBehindMaxMs, 1),9} | {from,6} | {F(p.P50Ms, 1),8} | {F(p.P90Ms, 1),8} | {F(p.P99Ms, 1),8} | {F(p.P999Ms, 1),8} | {F(p.MaxMs, 1),8} | {r.Lost,5} | {r.Duplicates,5} | {r.Rate}");
            }
        }
    }

    public static void Write(BenchOptions options, BenchReport report)
    {
        var path = Path.GetFullPath(options.Output);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var document = new
        {
            timestamp = DateTimeOffset.UtcNow,
            machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() },
            events = options.Events,
            warmup = options.Warmup,
            concurrency = options.Concurrency,
            results = report.Results,
            ratios = report.Ratios,
            timing = report.Timing,
            openLoop = report.OpenLoop,
            scale = report.Scale,
            scaleProfile = report.ScaleProfile,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        Console.WriteLine($"\nwritten to {path}");
    }

    private static string F(double? value, int digits) => value is { } v && !double.IsNaN(v) ? v.ToString($"F{digits}", CultureInfo.InvariantCulture) : "-";

    private static string I(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
