using System.Globalization;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Fuzz;

/// <summary>
/// One surface's fuzz run: its seed and number of cases. <c>EVENTS_FUZZ_SEED</c> repeats a run (else the seed is drawn
/// and printed), <c>EVENTS_FUZZ_CASES</c> sets the cases per surface (<see cref="ReducedCases"/> when unset, as in
/// <c>make test</c>; <c>make fuzz</c> runs <see cref="FullCases"/>).
/// </summary>
public sealed class FuzzRun
{
    public const int ReducedCases = 500;

    public const int FullCases = 10_000;

    private FuzzRun(string surface, int seed, int cases)
    {
        Surface = surface;
        Seed = seed;
        Cases = cases;
        Random = new FuzzRandom(seed);
    }

    public string Surface { get; }

    public int Seed { get; }

    public int Cases { get; }

    public FuzzRandom Random { get; }

    public static FuzzRun Start(string surface, ITestOutputHelper output, int? reducedCases = null)
    {
        var seed = Read("EVENTS_FUZZ_SEED") ?? System.Random.Shared.Next(1, int.MaxValue);
        var cases = Read("EVENTS_FUZZ_CASES") ?? reducedCases ?? ReducedCases;
        var run = new FuzzRun(surface, seed, cases);
        output.WriteLine(run.ToString());
        return run;
    }

    /// <summary>Names the case in a failure message so the run can be repeated with the same seed.</summary>
    public string Case(int index, string input, string detail = "") =>
        $"{this}, case {index}: {(input.Length > 300 ? input[..300] + $"… ({input.Length} chars)" : input)}{detail}";

    public override string ToString() => $"fuzz {Surface}: EVENTS_FUZZ_SEED={Seed} EVENTS_FUZZ_CASES={Cases}";

    private static int? Read(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
