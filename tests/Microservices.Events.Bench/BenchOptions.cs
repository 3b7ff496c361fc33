using System.Globalization;

namespace Microservices.Events.Bench;

/// <summary>Command line: <c>--events N</c>, <c>--warmup W</c>, <c>--concurrency C</c>, <c>--skip-durable</c>, <c>--skip-embedded</c>, <c>--skip-scale</c>, <c>--micro</c>, <c>--out FILE</c>.</summary>
public sealed record BenchOptions(int Events, int Warmup, int Concurrency, bool SkipDurable, bool SkipEmbedded, bool SkipScale, bool Micro, string Output)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(20_000, 1_000, 64, false, false, false, false, Path.Combine("artifacts", "bench", "results.json"));
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--events" => options with { Events = Positive(args, ++i) },
                "--warmup" => options with { Warmup = NonNegative(args, ++i) },
                "--concurrency" => options with { Concurrency = Positive(args, ++i) },
                "--skip-durable" => options with { SkipDurable = true },
                "--skip-embedded" => options with { SkipEmbedded = true },
                "--skip-scale" => options with { SkipScale = true },
                "--micro" => options with { Micro = true },
                "--out" => options with { Output = Value(args, ++i) },
                _ => throw new ArgumentException($"unknown option {args[i]} (--events N, --warmup W, --concurrency C, --skip-durable, --skip-embedded, --skip-scale, --micro, --out FILE)"),
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

    private static int Positive(string[] args, int i) =>
        int.TryParse(Value(args, i), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{args[i - 1]} needs a positive whole number");
}
