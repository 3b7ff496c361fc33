using System.Collections.Concurrent;
using System.Diagnostics;

namespace Microservices.Events.Bench;

/// <summary>
/// The physical limit of the pipeline's topology with bare parts: a bare Kestrel endpoint hands each POST body to the
/// first of the chain's hops and answers 200 once that queue accepted it; the last hop POSTs the body to the sink.
/// Every accepted event is expected at the sink exactly once; latency is webhook 200 -> sink, as in the pipeline runs.
/// </summary>
public static class RawChain
{
    public static async Task<BenchResult> RunAsync(string name, BenchOptions options, IChainHops hops, string note) =>
        (await RunAsync(name, options, hops, note, servers: new Dictionary<string, int>())).Result;

    /// <summary>
    /// The same, with the CPU milliseconds per event (warm-up and load) of the bench process and of each of
    /// <paramref name="servers"/> (name, process id of a server on this machine, read as a process tree), as rows
    /// named for <paramref name="name"/>.
    /// </summary>
    public static async Task<(BenchResult Result, IReadOnlyList<TimingRow> Cpu)> RunAsync(
        string name, BenchOptions options, IChainHops hops, string note, IReadOnlyDictionary<string, int> servers)
    {
        await using var sink = await HttpSink.StartAsync();
        var arrivals = Arrival.Record(sink);
        using var sinkHandler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var sinkClient = new HttpClient(sinkHandler) { BaseAddress = new Uri(sink.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        await using (hops)
        {
            await hops.StartAsync(async body =>
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await sinkClient.PostAsync("/one", content);
                response.EnsureSuccessStatusCode();
            });

            var url = $"http://127.0.0.1:{FreePort.Next()}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
            await using var app = builder.Build();
            app.MapPost("/{name}", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                await hops.EnterAsync(body.ToArray());
                return Results.Ok();
            });
            await app.StartAsync();

            var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var serversBefore = servers.ToDictionary(s => s.Key, s => ProcessTreeCpu.Read(s.Value));
            if (options.Warmup > 0)
            {
                var warmup = new LoadGenerator(options.Warmup, options.Concurrency, BenchOptions.WarmupFirst);
                var progress = new Progress($"{name} warm-up");
                await warmup.RunAsync($"{url}/a", $"{url}/b", progress);
                await WaitAsync(progress, arrivals, BenchOptions.WarmupFirst, warmup.Accepted);
                arrivals.Clear();
            }

            var load = new LoadGenerator(options.Events, options.Concurrency);
            var measured = new Progress(name);
            await load.RunAsync($"{url}/a", $"{url}/b", measured);
            await WaitAsync(measured, arrivals, 0, load.Accepted);
            var handled = options.Events + options.Warmup;
            var step = $"cpu ms per event, {name} (warm-up and load)";
            var cpu = new List<TimingRow> { new("bench", step, handled, (Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore).TotalMilliseconds / handled) };
            foreach (var (server, pid) in servers)
            {
                if (serversBefore[server] is { } before && ProcessTreeCpu.Read(pid) is { } after)
                {
                    cpu.Add(new TimingRow(server, step, handled, (after - before).TotalMilliseconds / handled));
                }
            }

            await app.StopAsync();
            return (Summarise(name, options, load, [.. arrivals.Where(a => a.N is >= 0 and < BenchOptions.WarmupFirst)], note), cpu);
        }
    }

    /// <summary>Waits until <paramref name="expected"/> different events numbered from <paramref name="first"/> reached the sink, or nothing moved for 30 s.</summary>
    private static async Task WaitAsync(Progress progress, ConcurrentQueue<Arrival> arrivals, int first, int expected)
    {
        int Arrived() => arrivals.Where(a => a.N >= first).Select(a => a.N).Distinct().Count();
        var (last, since) = (-1, Stopwatch.GetTimestamp());
        using var ticker = progress.Start(() => $"sink {Arrived()}/{expected}");
        while (Arrived() is var now && now < expected)
        {
            if (now != last)
            {
                (last, since) = (now, Stopwatch.GetTimestamp());
            }
            else if (Stats.Millis(since, Stopwatch.GetTimestamp()) > 30_000)
            {
                progress.Say($"sink {now}/{expected}; no progress for 30s, giving up");
                return;
            }

            await Task.Delay(50);
        }
    }

    private static BenchResult Summarise(string name, BenchOptions options, LoadGenerator load, List<Arrival> arrivals, string note)
    {
        var first = arrivals.GroupBy(a => a.N).Select(g => g.MinBy(a => a.At)!).Where(a => load.AcceptedAt[a.N] != 0).ToList();
        var latencies = first.Select(a => Stats.Millis(load.AcceptedAt[a.N], a.At)).Order().ToList();
        var last = arrivals.Count == 0 ? load.FinishedAt : Math.Max(load.FinishedAt, arrivals.Max(a => a.At));
        var seconds = Stats.Millis(load.StartedAt, last) / 1000;
        return new BenchResult(name, options.Events, load.Accepted, load.Rejected, seconds, load.Accepted / seconds,
            Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 95), Stats.Percentile(latencies, 99),
            load.Accepted, load.Accepted - first.Count, arrivals.Count - arrivals.Select(a => a.N).Distinct().Count(), note);
    }
}
