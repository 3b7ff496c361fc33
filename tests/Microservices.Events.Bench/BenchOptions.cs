using System.Globalization;

namespace Microservices.Events.Bench;

/// <summary>
/// Command line: <c>--events N</c>, <c>--warmup W</c>, <c>--concurrency C</c>, <c>--skip-durable</c>,
/// <c>--skip-embedded</c>, <c>--skip-scale</c>, <c>--micro</c> (what follows it goes to BenchmarkDotNet, e.g.
/// <c>--filter *SagaWindow*</c>), <c>--out FILE</c>; the open-loop runs
/// <c>--open-loop-rate R</c> (events/s; default half the closed-loop figure of the same mode),
/// <c>--open-loop-seconds S</c>, <c>--skip-open-loop</c>; the scale part <c>--scale N,N,...</c> (sensor counts) and
/// <c>--skip-scale-profile</c> (no step-by-step profile of loading the largest); <c>--skip-hot-trigger</c> (no run of
/// one hot <c>a &amp;&amp; b</c> trigger in sensor-state alone, part of the durable runs) and <c>--hot-trigger-rate R</c>
/// (that run publishes at R events/s, not as fast as the broker confirms); <c>--state-in-memory</c> (the durable and
/// embedded pipelines keep their state in memory, not in PostgreSQL or SQLite: what they cost without a state store);
/// <c>--compare DIR_A DIR_B</c> runs nothing and compares the reports in two directories (<see cref="BenchComparison"/>).
/// </summary>
public sealed record BenchOptions(int Events, int Warmup, int Concurrency, bool SkipDurable, bool SkipEmbedded, bool SkipScale, bool Micro, string Output)
{
    /// <summary>The share of the closed-loop maximum the open-loop runs send at, unless a rate is given.</summary>
    public const double OpenLoopShare = 0.5;

    /// <summary>Events per second of the open-loop runs; null: <see cref="OpenLoopShare"/> of the closed-loop run's figure.</summary>
    public double? OpenLoopRate { get; init; }

    /// <summary>How long the open-loop runs send.</summary>
    public int OpenLoopSeconds { get; init; } = 30;

    public bool SkipOpenLoop { get; init; }

    public bool SkipScaleProfile { get; init; }

    public bool SkipHotTrigger { get; init; }

    /// <summary>
    /// The durable and embedded pipelines run with <c>State:Provider=InMemory</c> (MassTransit's in-memory saga
    /// repository and the in-memory stores; nothing survives a restart): a measurement of the rest of the pipeline, not
    /// a way to run it. Their rows are named for it.
    /// </summary>
    public bool StateInMemory { get; init; }

    /// <summary>" (state in memory)" when <see cref="StateInMemory"/>, for the names of the pipelines' rows.</summary>
    public string StateSuffix => StateInMemory ? " (state in memory)" : "";

    /// <summary>Events per second the hot trigger's run publishes at; null: as fast as the broker confirms them.</summary>
    public double? HotTriggerRate { get; init; }

    /// <summary>The two directories of reports to compare instead of running (<c>--compare DIR_A DIR_B</c>).</summary>
    public (string A, string B)? Compare { get; init; }

    /// <summary>The arguments after <c>--micro</c>, for BenchmarkDotNet.</summary>
    public IReadOnlyList<string> MicroArgs { get; init; } = [];

    /// <summary>The generated sensor counts of the scale part, in the order run (the first is the reference for matching).</summary>
    public IReadOnlyList<int> ScaleSensors { get; init; } = [10, 10_000, 100_000];

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(20_000, 1_000, 64, false, false, false, false, Path.Combine("artifacts", "bench", "results.json"));
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--micro")
            {
                return options with { Micro = true, MicroArgs = args[(i + 1)..] };
            }

            options = args[i] switch
            {
                "--events" => options with { Events = Positive(args, ++i) },
                "--warmup" => options with { Warmup = NonNegative(args, ++i) },
                "--concurrency" => options with { Concurrency = Positive(args, ++i) },
                "--skip-durable" => options with { SkipDurable = true },
                "--skip-embedded" => options with { SkipEmbedded = true },
                "--skip-scale" => options with { SkipScale = true },
                "--out" => options with { Output = Value(args, ++i) },
                "--open-loop-rate" => options with { OpenLoopRate = Positive(args, ++i) },
                "--open-loop-seconds" => options with { OpenLoopSeconds = Positive(args, ++i) },
                "--skip-open-loop" => options with { SkipOpenLoop = true },
                "--skip-scale-profile" => options with { SkipScaleProfile = true },
                "--skip-hot-trigger" => options with { SkipHotTrigger = true },
                "--hot-trigger-rate" => options with { HotTriggerRate = Positive(args, ++i) },
                "--scale" => options with { ScaleSensors = Counts(args, ++i) },
                "--state-in-memory" => options with { StateInMemory = true },
                "--compare" => options with { Compare = (Value(args, ++i), Value(args, ++i)) },
                _ => throw new ArgumentException($"unknown option {args[i]} (--events N, --warmup W, --concurrency C, --skip-durable, --skip-embedded, --skip-scale, --micro, --out FILE, --open-loop-rate R, --open-loop-seconds S, --skip-open-loop, --scale N,N,..., --skip-scale-profile, --skip-hot-trigger, --hot-trigger-rate R, --state-in-memory, --compare DIR_A DIR_B)"),
            };
        }

        return options;
    }

    private static string Value(string[] args, int i) =>
        i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int NonNegative(string[] args, int i) =>
        int.TryParse(Value(args, i), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < WarmupFirst
            ? n
            : throw new ArgumentException($"{args[i - 1]} needs a whole number below {WarmupFirst}");

    /// <summary>Warm-up events are numbered from here, apart from the measured ones.</summary>
    public const int WarmupFirst = 100_000_000;

    /// <summary>Open-loop events are numbered from here, apart from the warm-up and closed-loop ones.</summary>
    public const int OpenLoopFirst = 200_000_000;

    /// <summary>The largest sensor count the scale part generates.</summary>
    public const int MaxScaleSensors = 1_000_000;

    private static int Positive(string[] args, int i) =>
        int.TryParse(Value(args, i), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{args[i - 1]} needs a positive whole number");

    private static int[] Counts(string[] args, int i)
    {
        var parts = Value(args, i).Split(',');
        return parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= MaxScaleSensors)
            ? [.. parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture))]
            : throw new ArgumentException($"{args[i - 1]} needs sensor counts between 1 and {MaxScaleSensors} separated by commas, e.g. 10,10000,100000");
    }
}
