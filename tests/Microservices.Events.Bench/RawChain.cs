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
        await using var chain = await ChainHost.StartAsync(options, hops);
        var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = ServerCpu.Start(servers);
        await chain.WarmUpAsync(name, options);

        var load = new LoadGenerator(options.Events, options.Concurrency);
        var measured = new Progress(name);
        await load.RunAsync($"{chain.Url}/a", $"{chain.Url}/b", measured);
        await WaitAsync(measured, chain.Arrivals, 0, load.Accepted);
        var handled = options.Events + options.Warmup;
        var step = $"cpu ms per event, {name} (warm-up and load)";
        var cpu = new List<TimingRow> { new("bench", step, handled, (Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore).TotalMilliseconds / handled) };
        cpu.AddRange(serverCpu.Rows(step, handled));

        return (Summarise(name, options, load, [.. chain.Arrivals.Where(a => a.N is >= 0 and < BenchOptions.WarmupFirst)], note), cpu);
    }

    /// <summary>
    /// The chain under the open loop of a pipeline run (<paramref name="pipeline"/>): a fresh chain, warmed up as for
    /// its closed loop, then the same arrival rate for the same time, so the two runs' latencies compare: what the
    /// topology's bare parts take at that rate, and what the pipeline adds to it.
    /// </summary>
    public static async Task<OpenLoopResult> OpenLoopAsync(string name, BenchOptions options, IChainHops hops, OpenLoopResult pipeline)
    {
        await using var chain = await ChainHost.StartAsync(options, hops);
        await chain.WarmUpAsync($"{name} open loop", options);
        return await OpenLoopRun.AtRateAsync(name, options, pipeline.RatePerSecond, $"the {pipeline.Name} open loop's rate", chain.Url, chain.Arrivals, TimeSpan.FromSeconds(30));
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

    /// <summary>
    /// A running chain: the sink, the hops (the last one POSTs each body to the sink as <c>/one</c>) and the bare
    /// Kestrel endpoint in front of them at <see cref="Url"/>.
    /// </summary>
    private sealed class ChainHost : IAsyncDisposable
    {
        private readonly HttpSink _sink;
        private readonly SocketsHttpHandler _sinkHandler;
        private readonly HttpClient _sinkClient;
        private readonly IChainHops _hops;
        private WebApplication? _app;

        private ChainHost(HttpSink sink, IChainHops hops, int concurrency)
        {
            (_sink, _hops) = (sink, hops);
            Arrivals = Arrival.Record(sink);
            _sinkHandler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            _sinkClient = new HttpClient(_sinkHandler) { BaseAddress = new Uri(sink.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
            Url = $"http://127.0.0.1:{FreePort.Next()}";
        }

        public string Url { get; }

        public ConcurrentQueue<Arrival> Arrivals { get; }

        public static async Task<ChainHost> StartAsync(BenchOptions options, IChainHops hops)
        {
            var host = new ChainHost(await HttpSink.StartAsync(), hops, options.Concurrency);
            try
            {
                await host.StartAsync();
                return host;
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
        }

        private async Task StartAsync()
        {
            await _hops.StartAsync(async body =>
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await _sinkClient.PostAsync("/one", content);
                response.EnsureSuccessStatusCode();
            });

            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(Url);
            builder.Logging.ClearProviders();
            _app = builder.Build();
            _app.MapPost("/{name}", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                await _hops.EnterAsync(body.ToArray());
                return Results.Ok();
            });
            await _app.StartAsync();
        }

        /// <summary>Sends the warm-up events and waits for them at the sink; then forgets their arrivals.</summary>
        public async Task WarmUpAsync(string name, BenchOptions options)
        {
            if (options.Warmup > 0)
            {
                var warmup = new LoadGenerator(options.Warmup, options.Concurrency, BenchOptions.WarmupFirst);
                var progress = new Progress($"{name} warm-up");
                await warmup.RunAsync($"{Url}/a", $"{Url}/b", progress);
                await WaitAsync(progress, Arrivals, BenchOptions.WarmupFirst, warmup.Accepted);
                Arrivals.Clear();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }

            await _hops.DisposeAsync();
            _sinkClient.Dispose();
            _sinkHandler.Dispose();
            await _sink.DisposeAsync();
        }
    }
}
