using Microservices.Events.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (options.Compare is var (a, b))
{
    try
    {
        BenchComparison.Print(a, b, BenchComparison.Compare(BenchComparison.Load(a), BenchComparison.Load(b)));
        return 0;
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 2;
    }
}

if (options.Micro)
{
    MicroRunner.Run(options.MicroArgs);
    return 0;
}

var results = new List<BenchResult>();
var ratios = new List<BenchRatio>();
IReadOnlyList<TimingRow> timing = [];
IReadOnlyList<ScaleResult> scale = [];
ScaleProfile? scaleProfile = null;
var openLoop = new List<OpenLoopResult>();
Console.Error.WriteLine($"bench: {options.Events} events, concurrency {options.Concurrency}");

var kestrel = await KestrelBaseline.RunAsync(options);
results.Add(kestrel);
var failed = false;
if (!options.SkipDurable)
{
    if (DurableServers.FromEnvironment(out var missing) is not { } servers)
    {
        Console.Error.WriteLine($"bench: durable part skipped: {missing} (make bench sets them)");
        failed = true;
    }
    else
    {
        var run = $"bench_{Environment.ProcessId}";
        var rabbit = await RabbitBaseline.RunAsync(options, servers.Rabbit, await servers.Rabbit.CreateVirtualHostAsync($"{run}_raw"));
        results.Add(rabbit);
        var broker = await servers.Rabbit.OperatingSystemProcessIdAsync() is { } rabbitPid ? new Dictionary<string, int> { ["rabbitmq"] = rabbitPid } : [];
        var chainBroker = await servers.Rabbit.CountersAsync();
        var (chain, chainCpu) = await RawChain.RunAsync("raw chain, rabbitmq", options, new RabbitChain(servers.Rabbit, await servers.Rabbit.CreateVirtualHostAsync($"{run}_chain")),
            $"kestrel -> {IChainHops.Count} durable queues (persistent, confirms, acks) -> POST to sink", broker);
        results.Add(chain);
        chainCpu = [.. chainCpu, .. BrokerRows.Between(", raw chain, rabbitmq", chainBroker, await servers.Rabbit.CountersAsync(), options.Events + options.Warmup)];
        var massTransitBroker = await servers.Rabbit.CountersAsync();
        var (massTransitChain, massTransitCpu) = await RawChain.RunAsync("masstransit chain", options, new MassTransitChain(servers.Rabbit, await servers.Rabbit.CreateVirtualHostAsync($"{run}_mt_chain")),
            $"kestrel -> {IChainHops.Count} MassTransit endpoints (publish, confirms) -> POST to sink", broker);
        results.Add(massTransitChain);
        chainCpu = [.. chainCpu, .. massTransitCpu, .. BrokerRows.Between(", masstransit chain", massTransitBroker, await servers.Rabbit.CountersAsync(), options.Events + options.Warmup)];
        (var durable, var durableTiming, var durableOpen) = await DurableBench.RunAsync(options, servers, await servers.Rabbit.CreateVirtualHostAsync(run));
        timing = [.. chainCpu, .. durableTiming];
        results.Add(durable);
        if (durableOpen is not null)
        {
            openLoop.Add(await RawChain.OpenLoopAsync("raw chain, rabbitmq", options,
                new RabbitChain(servers.Rabbit, await servers.Rabbit.CreateVirtualHostAsync($"{run}_chain_open")), durableOpen));
            openLoop.Add(durableOpen);
        }

        if (!options.SkipHotTrigger)
        {
            var (hot, hotTiming) = await HotTriggerBench.RunAsync(options, servers, await servers.Rabbit.CreateVirtualHostAsync($"{run}_hot"));
            results.Add(hot);
            timing = [.. timing, .. hotTiming];
        }

        ratios.Add(new BenchRatio($"durable{options.StateSuffix} / kestrel baseline", durable.PerSecond / kestrel.PerSecond));
        ratios.Add(new BenchRatio($"durable{options.StateSuffix} / rabbitmq baseline", durable.PerSecond / rabbit.PerSecond));
        ratios.Add(new BenchRatio($"durable{options.StateSuffix} / raw chain (rabbitmq)", durable.PerSecond / chain.PerSecond));
        ratios.Add(new BenchRatio($"durable{options.StateSuffix} / masstransit chain", durable.PerSecond / massTransitChain.PerSecond));
        ratios.Add(new BenchRatio("masstransit chain / raw chain (rabbitmq)", massTransitChain.PerSecond / chain.PerSecond));
    }
}

if (!options.SkipEmbedded)
{
    var chain = await RawChain.RunAsync("raw chain, in-process", options, new ChannelChain(),
        $"kestrel -> {IChainHops.Count} bounded channels -> POST to sink");
    results.Add(chain);
    var (embedded, embeddedOpen) = await EmbeddedBench.RunAsync(options);
    results.Add(embedded);
    if (embeddedOpen is not null)
    {
        openLoop.Add(await RawChain.OpenLoopAsync("raw chain, in-process", options, new ChannelChain(), embeddedOpen));
        openLoop.Add(embeddedOpen);
    }

    ratios.Add(new BenchRatio($"embedded{options.StateSuffix} / raw chain (in-process)", embedded.PerSecond / chain.PerSecond));
    ratios.Add(new BenchRatio($"embedded{options.StateSuffix} / kestrel baseline", embedded.PerSecond / kestrel.PerSecond));
}

if (!options.SkipScale)
{
    (scale, scaleProfile) = await ScaleBench.RunAsync(DurableBench.PublishRoot(), options.ScaleSensors, !options.SkipScaleProfile);
}

var report = new BenchReport(results, ratios, timing, scale) { OpenLoop = openLoop, ScaleProfile = scaleProfile };
Report.Print(options, report);
Report.Write(options, report);
return failed ? 1 : 0;
