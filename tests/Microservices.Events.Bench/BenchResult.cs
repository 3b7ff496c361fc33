namespace Microservices.Events.Bench;

/// <summary>One row of the table and of results.json.</summary>
public sealed record BenchResult(
    string Name,
    int Events,
    int Accepted,
    int Rejected,
    double Seconds,
    double PerSecond,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    int? Expected,
    int? Lost,
    int? Duplicates,
    string? Note);

public sealed record BenchRatio(string Name, double Value);

/// <summary>Everything one run measured.</summary>
public sealed record BenchReport(IReadOnlyList<BenchResult> Results, IReadOnlyList<BenchRatio> Ratios, IReadOnlyList<TimingRow> Timing, IReadOnlyList<ScaleResult> Scale)
{
    public IReadOnlyList<OpenLoopResult> OpenLoop { get; init; } = [];

    /// <summary>Where loading the largest scale set goes, in the bench process; null when the scale part did not run.</summary>
    public ScaleProfile? ScaleProfile { get; init; }
}
