using System.Collections.Concurrent;

namespace Microservices.Events.Bench;

/// <summary>
/// One open-loop run: <see cref="Events"/> scheduled at <see cref="RatePerSecond"/>; latency of trigger <c>one</c> from
/// each A event's due moment to its call at the sink (<see cref="FromDue"/>) and from its webhook 200 (<see cref="FromAccepted"/>).
/// </summary>
public sealed record OpenLoopResult(
    string Name,
    double RatePerSecond,
    string Rate,
    int Events,
    int Accepted,
    int Rejected,
    double SendSeconds,
    double SenderBehindMaxMs,
    int Expected,
    int Lost,
    int Duplicates,
    LatencyPercentiles FromDue,
    LatencyPercentiles FromAccepted);

/// <summary>
/// Sends a constant arrival rate to a pipeline that is already running and idle (after its closed-loop run): by
/// default <see cref="BenchOptions.OpenLoopShare"/> of the events/s that run measured, for
/// <see cref="BenchOptions.OpenLoopSeconds"/>. Waits until every accepted A event fired <c>one</c> (or nothing moved
/// for the idle limit).
/// </summary>
public static class OpenLoopRun
{
    public static async Task<OpenLoopResult?> RunAsync(string name, BenchOptions options, double closedLoopPerSecond, string webhookBase, ConcurrentQueue<Arrival> arrivals, TimeSpan idleLimit)
    {
        var progress = new Progress($"{name} open loop");
        if (options.OpenLoopRate is null && !(closedLoopPerSecond > 0 && double.IsFinite(closedLoopPerSecond)))
        {
            progress.Say($"skipped: the closed-loop run measured no rate ({closedLoopPerSecond}); give one with --open-loop-rate");
            return null;
        }

        var rate = options.OpenLoopRate ?? closedLoopPerSecond * BenchOptions.OpenLoopShare;
        var rateFrom = options.OpenLoopRate is null ? $"{BenchOptions.OpenLoopShare:P0} of the closed loop's {closedLoopPerSecond:F0}/s" : "--open-loop-rate";
        return await AtRateAsync(name, options, rate, rateFrom, webhookBase, arrivals, idleLimit);
    }

    /// <summary>The same at a given <paramref name="rate"/>, described by <paramref name="rateFrom"/> in the report.</summary>
    public static async Task<OpenLoopResult> AtRateAsync(string name, BenchOptions options, double rate, string rateFrom, string webhookBase, ConcurrentQueue<Arrival> arrivals, TimeSpan idleLimit)
    {
        var progress = new Progress($"{name} open loop");
        var events = OpenLoopSchedule.EventsIn(rate, options.OpenLoopSeconds);
        const int first = BenchOptions.OpenLoopFirst;
        progress.Say($"{events} events at {rate:F1}/s ({rateFrom})");
        var load = new OpenLoopGenerator(rate, events, options.Concurrency, first);
        await load.RunAsync($"{webhookBase}/a", $"{webhookBase}/b", progress);

        var acceptedA = Enumerable.Range(0, events).Where(i => (first + i) % 2 == 0 && load.AcceptedAt[i] != 0).Select(i => first + i).ToHashSet();
        progress.Say($"sent {events} in {load.SendSeconds:F1}s ({load.Rejected} rejected, sender at most {load.SenderBehindMaxMs:F1} ms behind); waiting for {acceptedA.Count} firings of 'one'");
        await PipelineRun.WaitForCountAsync(progress,
            () => Task.FromResult((long)arrivals.Where(a => a.Trigger == "one" && acceptedA.Contains(a.N)).Select(a => a.N).Distinct().Count()),
            acceptedA.Count, idleLimit, TimeSpan.FromMilliseconds(100),
            count => $"sink {count}/{acceptedA.Count} one");

        var one = arrivals.Where(a => a.Trigger == "one" && a.N >= first && a.N < first + events).ToList();
        var fired = one.Where(a => acceptedA.Contains(a.N)).GroupBy(a => a.N).Select(g => g.MinBy(a => a.At)!).ToList();
        var result = new OpenLoopResult(name, rate, rateFrom, events, load.Accepted, load.Rejected, load.SendSeconds, load.SenderBehindMaxMs,
            acceptedA.Count, acceptedA.Count - fired.Count, one.Count - one.Select(a => a.N).Distinct().Count(),
            LatencyPercentiles.Of(fired.Select(a => (load.DueAt[a.N - first], a.At))),
            LatencyPercentiles.Of(fired.Select(a => (load.AcceptedAt[a.N - first], a.At))));
        progress.Say($"due -> sink p50 {result.FromDue.P50Ms:F1} ms, p99 {result.FromDue.P99Ms:F1} ms, max {result.FromDue.MaxMs:F1} ms; lost {result.Lost}");
        return result;
    }
}
