using System.Globalization;

namespace Microservices.Events.Bench;

/// <summary>Command line: <c>--events N</c>, <c>--concurrency C</c>, <c>--skip-durable</c>, <c>--micro</c>, <c>--out FILE</c>.</summary>
public sealed record BenchOptions(int Events, int Concurrency, bool SkipDurable, bool Micro, string Output)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(20_000, 64, false, false, Path.Combine("artifacts", "bench", "results.json"));
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--events" => options with { Events = Positive(args, ++i) },
                "--concurrency" => options with { Concurrency = Positive(args, ++i) },
                "--skip-durable" => options with { SkipDurable = true },
                "--micro" => options with { Micro = true },
                "--out" => options with { Output = Value(args, ++i) },
                _ => throw new ArgumentException($"unknown option {args[i]} (--events N, --concurrency C, --skip-durable, --micro, --out FILE)"),
            };
        }

        return options;
    }

    private static string Value(string[] args, int i) =>
        i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int Positive(string[] args, int i) =>
        int.TryParse(Value(args, i), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{args[i - 1]} needs a positive whole number");
}
