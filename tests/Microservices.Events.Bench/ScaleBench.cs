using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Semantics.Matching;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Bench;

/// <summary>One sensor count: how sensor-state holds it (resident memory, start) and what matching one event costs.</summary>
public sealed record ScaleResult(int Sensors, double StartSeconds, double StartCpuSeconds, double ResidentMiB, double IndexBuildMs, double MatchNanoseconds, int MatchesPerEvent);

/// <summary>
/// N generated sensors (each: two webhook dependencies of its own, one with a data filter, and an AND trigger)
/// loaded into a published sensor-state process (in-memory bus and state) for its resident memory, and into the
/// dependency index in this process for the per-event matching cost: index lookup plus the matched dependency's
/// transform and filters, the work sensor-state's matcher does for every published event.
/// </summary>
public static class ScaleBench
{
    /// <summary>How long sensor-state may take to start on the largest sets of a busy machine.</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(5);

    /// <summary>Runs every count of <paramref name="sensorCounts"/>; profiles the loading of the largest unless <paramref name="profile"/> is false.</summary>
    public static async Task<(IReadOnlyList<ScaleResult> Results, ScaleProfile? Profile)> RunAsync(string publishRoot, IReadOnlyList<int> sensorCounts, bool profile = true)
    {
        var results = new List<ScaleResult>();
        ScaleProfile? loadProfile = null;
        var largest = sensorCounts.Max();
        foreach (var count in sensorCounts)
        {
            var progress = new Progress($"scale {count}");
            var folder = Directory.CreateTempSubdirectory("events-bench-scale-").FullName;
            try
            {
                progress.Say($"writing {count} sensors");
                Write(folder, count);
                var (start, startCpu, resident) = await MeasureProcessAsync(publishRoot, folder, count, progress);
                var (build, match, matches) = MeasureMatching(folder, count);
                results.Add(new ScaleResult(count, start, startCpu, resident, build, match, matches));
                progress.Say($"resident {resident:F0} MiB, start {start:F1} s ({startCpu:F1} s of CPU), matching {match:F0} ns/event");
                if (profile && count == largest && loadProfile is null)
                {
                    progress.Say("profiling the load");
                    loadProfile = ScaleProfile.Measure(folder, count);
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return (results, loadProfile);
    }

    /// <summary>Sensors <c>scale-i</c>, 100 per file, dependency <c>a</c> on event <c>ai</c> (data filter) and <c>b</c> on <c>bi</c>.</summary>
    private static void Write(string folder, int count)
    {
        for (var file = 0; file * 100 < count; file++)
        {
            var text = new StringBuilder();
            for (var i = file * 100; i < Math.Min(count, (file + 1) * 100); i++)
            {
                text.Append(CultureInfo.InvariantCulture, $$"""
                    apiVersion: argoproj.io/v1alpha1
                    kind: Sensor
                    metadata:
                      name: scale-{{i}}
                    spec:
                      dependencies:
                        - name: a
                          eventSourceName: scale
                          eventName: a{{i}}
                          filters:
                            data:
                              - {path: body.kind, type: string, value: [ok]}
                        - {name: b, eventSourceName: scale, eventName: b{{i}}}
                      triggers:
                        - template:
                            name: both
                            conditions: "a && b"
                            log: {}
                    ---

                    """);
            }

            File.WriteAllText(Path.Combine(folder, $"sensors-{file:D4}.yaml"), text.ToString());
        }
    }

    /// <summary>
    /// Starts sensor-state on the specs, waits for health (the specs are loaded and the index is built at start): the
    /// time that took and the CPU time the process used meanwhile (less swayed by other work on the machine); then VmRSS.
    /// </summary>
    private static async Task<(double StartSeconds, double StartCpuSeconds, double ResidentMiB)> MeasureProcessAsync(string publishRoot, string folder, int count, Progress progress)
    {
        var dll = PublishedServices.Require(publishRoot, "sensor-state", DurableBench.HowToPublish);
        var logs = Path.GetFullPath(Path.Combine("artifacts", "bench", "logs"));
        Directory.CreateDirectory(logs);
        var environment = new Dictionary<string, string>
        {
            ["Bus__Transport"] = "InMemory",
            ["State__Provider"] = "InMemory",
            ["Specs__Directory"] = folder,
            ["Logging__LogLevel__Default"] = "Warning",

            // The garbage collector as shipped (server GC), as resident memory depends on it.
            [ServiceProcess.GcServerVariable] = "",
        };
        progress.Say("starting sensor-state");
        var started = Stopwatch.GetTimestamp();
        await using var process = new ServiceProcess("sensor-state", dll, environment, Path.Combine(logs, $"scale-{count}.log"));
        await process.StartAsync(StartLimit);
        var startSeconds = Stats.Millis(started, Stopwatch.GetTimestamp()) / 1000;
        var startCpu = process.CpuTime().TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(2));
        return (startSeconds, startCpu, process.ResidentBytes() / (1024.0 * 1024.0));
    }

    private static (double BuildMs, double MatchNanoseconds, int MatchesPerEvent) MeasureMatching(string folder, int count)
    {
        var files = Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(SpecLoader.LoadFile).ToList();
        var sensors = new SpecSnapshot(files, 1).Sensors;
        if (sensors.Count != count)
        {
            throw new InvalidOperationException($"generated {count} sensors, {sensors.Count} loaded");
        }

        var started = Stopwatch.GetTimestamp();
        var index = SensorIndex.Build(sensors);
        var buildMs = Stats.Millis(started, Stopwatch.GetTimestamp());

        using var data = JsonDocument.Parse("""{"header": {}, "body": {"kind": "ok", "n": 1}}""");
        var events = Enumerable.Range(0, 1024).Select(k => new EventEnvelope
        {
            Id = Guid.NewGuid().ToString(),
            Source = "scale",
            Subject = $"a{k * 7919 % count}",
            Type = "webhook",
            Time = DateTimeOffset.UtcNow,
            Data = data.RootElement.Clone(),
        }).ToArray();

        // Warm-up for two seconds, so the code is at its final JIT tier when it is timed.
        var warm = Stopwatch.GetTimestamp();
        while (Stats.Millis(warm, Stopwatch.GetTimestamp()) < 2_000)
        {
            Match(index, events, 10_000);
        }

        const int iterations = 500_000;
        started = Stopwatch.GetTimestamp();
        var matched = Match(index, events, iterations);
        var nanoseconds = Stats.Millis(started, Stopwatch.GetTimestamp()) * 1_000_000 / iterations;
        return (buildMs, nanoseconds, matched / iterations);
    }

    /// <summary>What the matcher does per published event; returns how many dependencies passed.</summary>
    private static int Match(SensorIndex index, EventEnvelope[] events, int iterations)
    {
        var passed = 0;
        for (var i = 0; i < iterations; i++)
        {
            var @event = events[i % events.Length];
            foreach (var binding in index.Lookup(@event.Source, @event.Subject))
            {
                if (DependencyEvaluation.Evaluate(binding.Dependency, @event).Result.Pass)
                {
                    passed++;
                }
            }
        }

        return passed;
    }
}
