using System.Collections.Concurrent;
using System.Diagnostics;

namespace Microservices.Events.Bench;

/// <summary>
/// Sends the load to a running pipeline and waits for the sink. Expected: trigger <c>one</c> fires exactly once for
/// every accepted A event (even numbers); trigger <c>pair</c> fires at most once per accepted B event and never
/// consumes a B event twice (how many pairs form depends on the interleaving, so it is reported, not expected).
/// Every A and B event goes through the pair trigger's saga; where the pipeline can tell how many events that saga
/// handled (<c>pairHandled</c>), the run lasts until it handled them all, else until the pair trigger went quiet.
/// </summary>
public static class PipelineRun
{
    public static async Task<BenchResult> RunAsync(string name, BenchOptions options, string webhookBase, ConcurrentQueue<Arrival> arrivals, TimeSpan idleLimit, Func<Task<long>>? pairHandled = null)
    {
        var handledBefore = 0;
        if (options.Warmup > 0)
        {
            // Not measured: the services' code is compiled and tiered up, connections and pools opened. The pair
            // trigger's stored events are warm-up events from here on, which pair with measured ones at most once.
            var warmup = new Progress($"{name} warm-up");
            var warm = new LoadGenerator(options.Warmup, options.Concurrency, BenchOptions.WarmupFirst);
            await warm.RunAsync($"{webhookBase}/a", $"{webhookBase}/b", warmup);
            handledBefore = warm.Accepted;
            await DrainAsync(warmup, arrivals, warm, BenchOptions.WarmupFirst, idleLimit, pairHandled, handledBefore);
            arrivals.Clear();
        }

        var progress = new Progress(name);
        var load = new LoadGenerator(options.Events, options.Concurrency);
        await load.RunAsync($"{webhookBase}/a", $"{webhookBase}/b", progress);
        var acceptedA = await DrainAsync(progress, arrivals, load, 0, idleLimit, pairHandled, handledBefore + load.Accepted);
        return Summarise(name, options, load, acceptedA, [.. arrivals], pairHandled is null ? null : Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// Waits until every accepted A event of <paramref name="load"/> fired 'one', then until the pair trigger handled
    /// <paramref name="pairExpected"/> events in all (or, without <paramref name="pairHandled"/>, went quiet).
    /// </summary>
    private static async Task<HashSet<int>> DrainAsync(Progress progress, ConcurrentQueue<Arrival> arrivals, LoadGenerator load, int first, TimeSpan idleLimit, Func<Task<long>>? pairHandled, int pairExpected)
    {
        var acceptedA = Enumerable.Range(0, load.AcceptedAt.Length).Where(i => (first + i) % 2 == 0 && load.AcceptedAt[i] != 0).Select(i => first + i).ToHashSet();
        progress.Say($"sent {load.AcceptedAt.Length} in {load.SendSeconds:F1}s ({load.Rejected} rejected); waiting for {acceptedA.Count} firings of 'one'");

        await WaitForCountAsync(progress,
            () => Task.FromResult((long)arrivals.Where(a => a.Trigger == "one").Select(a => a.N).Where(acceptedA.Contains).Distinct().Count()),
            acceptedA.Count, idleLimit, TimeSpan.FromMilliseconds(100),
            _ => $"sink {arrivals.Count(a => a.Trigger == "one")}/{acceptedA.Count} one, {arrivals.Count(a => a.Trigger == "pair")} pair");
        if (pairHandled is null)
        {
            await SettleAsync(arrivals, "pair", TimeSpan.FromSeconds(5), idleLimit);
        }
        else
        {
            await WaitForCountAsync(progress, pairHandled, pairExpected, idleLimit, TimeSpan.FromMilliseconds(250),
                handled => $"pair trigger handled {handled}/{pairExpected} events");
        }

        return acceptedA;
    }

    /// <summary>Polls <paramref name="count"/> until it reaches <paramref name="expected"/>, or gives up once it has not moved for <paramref name="idleLimit"/>.</summary>
    public static async Task WaitForCountAsync(Progress progress, Func<Task<long>> count, long expected, TimeSpan idleLimit, TimeSpan every, Func<long, string> describe)
    {
        long current = -1;
        var lastChange = Stopwatch.GetTimestamp();
        using (progress.Start(() => describe(Volatile.Read(ref current))))
        {
            while (true)
            {
                var now = await count();
                if (now >= expected)
                {
                    return;
                }

                if (now != Volatile.Read(ref current))
                {
                    Volatile.Write(ref current, now);
                    lastChange = Stopwatch.GetTimestamp();
                }
                else if (Stats.Millis(lastChange, Stopwatch.GetTimestamp()) > idleLimit.TotalMilliseconds)
                {
                    progress.Say($"{describe(now)}; no progress for {idleLimit.TotalSeconds:F0}s, giving up");
                    return;
                }

                await Task.Delay(every);
            }
        }
    }

    /// <summary>Waits until no firing of <paramref name="trigger"/> arrived for <paramref name="quiet"/> (at most <paramref name="limit"/>).</summary>
    private static async Task SettleAsync(ConcurrentQueue<Arrival> arrivals, string trigger, TimeSpan quiet, TimeSpan limit)
    {
        var count = -1;
        var since = Stopwatch.GetTimestamp();
        var start = since;
        while (Stats.Millis(since, Stopwatch.GetTimestamp()) < quiet.TotalMilliseconds && Stats.Millis(start, Stopwatch.GetTimestamp()) < limit.TotalMilliseconds)
        {
            var now = arrivals.Count(a => a.Trigger == trigger);
            if (now != count)
            {
                count = now;
                since = Stopwatch.GetTimestamp();
            }

            await Task.Delay(200);
        }
    }

    private static BenchResult Summarise(string name, BenchOptions options, LoadGenerator load, HashSet<int> acceptedA, List<Arrival> arrivals, long? drainedAt)
    {
        var one = arrivals.Where(a => a.Trigger == "one").ToList();
        var pair = arrivals.Where(a => a.Trigger == "pair").ToList();
        var firstOne = one.Where(a => acceptedA.Contains(a.N)).GroupBy(a => a.N).Select(g => g.MinBy(a => a.At)!).ToList();
        var latencies = firstOne.Select(a => Stats.Millis(load.AcceptedAt[a.N], a.At)).Order().ToList();
        var lost = acceptedA.Count - firstOne.Count;
        var repeatedFirings = arrivals.Count - arrivals.Select(a => (a.Trigger, a.FiringId)).Distinct().Count();
        var repeatedEvents = (one.Select(a => a.FiringId).Distinct().Count() - one.Select(a => a.N).Distinct().Count())
                             + (pair.Select(a => a.FiringId).Distinct().Count() - pair.Select(a => a.B).Distinct().Count());
        var last = drainedAt ?? (arrivals.Count == 0 ? load.FinishedAt : arrivals.Max(a => a.At));
        var seconds = Stats.Millis(load.StartedAt, Math.Max(last, load.FinishedAt)) / 1000;
        return new BenchResult(name, options.Events, load.Accepted, load.Rejected, seconds, load.Accepted / seconds,
            Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 95), Stats.Percentile(latencies, 99),
            acceptedA.Count, lost, repeatedFirings + repeatedEvents,
            $"pair fired {pair.Select(a => a.FiringId).Distinct().Count()}x; latency webhook 200 -> sink ('one')");
    }
}
