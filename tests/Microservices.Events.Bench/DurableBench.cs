using System.Diagnostics;

namespace Microservices.Events.Bench;

/// <summary>
/// The four published services as separate processes on RabbitMQ and PostgreSQL: Release builds from
/// <c>BENCH_PUBLISH_DIR</c> (what <c>make bench</c> publishes), else artifacts/publish.
/// </summary>
public static class DurableBench
{
    /// <summary>How the message for a service that is not published ends.</summary>
    public const string HowToPublish = "run `make bench` (it publishes the services)";

    public static string PublishRoot() =>
        Path.GetFullPath(Environment.GetEnvironmentVariable("BENCH_PUBLISH_DIR") is { Length: > 0 } published ? published : Path.Combine("artifacts", "publish"));

    public static async Task<(BenchResult Result, IReadOnlyList<TimingRow> Timing, OpenLoopResult? OpenLoop)> RunAsync(BenchOptions options, DurableServers servers, string vhost)
    {
        var root = PublishRoot();
        PublishedServices.RequireAll(root, HowToPublish);
        var logs = Path.GetFullPath(Path.Combine("artifacts", "bench", "logs"));
        var work = Directory.CreateTempSubdirectory("events-bench-durable-").FullName;
        try
        {
            await using var sink = await HttpSink.StartAsync();
            var arrivals = Arrival.Record(sink);
            var webhookPort = FreePort.Next();
            BenchSpecs.Write(work, webhookPort, sink.BaseUrl);
            var environment = DurableSettings.For(servers.Rabbit.Port, vhost, await servers.Postgres.CreateDatabaseAsync(vhost), work);
            // The services' garbage collector as shipped (their runtimeconfig.json: server GC), not the tests' workstation GC.
            environment[ServiceProcess.GcServerVariable] = "";
            if (options.StateInMemory)
            {
                environment["State__Provider"] = "InMemory";
                environment.Remove("ConnectionStrings__State");
            }

            var progress = new Progress("durable");
            await using var services = await ServiceGroup.StartAsync(root, environment, logs, TimeSpan.FromSeconds(90), name => progress.Say($"starting {name}"));
            await EmbeddedBench.WaitForWebhookAsync($"http://127.0.0.1:{webhookPort}/a");
            var sensorState = services["sensor-state"];
            var cpuBefore = services.Processes.ToDictionary(p => p.Name, p => p.CpuTime());
            var serverCpu = ServerCpu.Start(await ServerProcessesAsync(servers));
            var allocatedBefore = new Dictionary<string, double?>(StringComparer.Ordinal);
            foreach (var process in services.Processes)
            {
                allocatedBefore[process.Name] = TimingProfile.AllocatedBytes(await process.MetricsAsync());
            }

            var brokerBefore = await servers.Rabbit.CountersAsync();
            var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await PipelineRun.RunAsync("durable" + options.StateSuffix, options, $"http://127.0.0.1:{webhookPort}", arrivals, TimeSpan.FromSeconds(30),
                async () => TimingProfile.CorrelatedEvents(await sensorState.MetricsAsync()));
            var handled = options.Events + options.Warmup;
            var timing = new List<TimingRow>
            {
                CpuRow("bench", Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore, handled),
            };
            timing.AddRange(services.Processes.Select(p => CpuRow(p.Name, p.CpuTime() - cpuBefore[p.Name], handled)));
            timing.AddRange(serverCpu.Rows(CpuStep, handled));

            timing.AddRange(BrokerRows.Between("", brokerBefore, await servers.Rabbit.CountersAsync(), handled));

            var closedLoopProfile = new List<TimingRow>();
            foreach (var process in services.Processes)
            {
                var metrics = await process.MetricsAsync();
                await File.WriteAllTextAsync(Path.Combine(logs, $"{process.Name}.metrics"), metrics);
                var profile = TimingProfile.Parse(process.Name, metrics);
                closedLoopProfile.AddRange(profile);
                timing.AddRange(profile);
                if (allocatedBefore[process.Name] is { } before && TimingProfile.AllocatedBytes(metrics) is { } after)
                {
                    timing.Add(new TimingRow(process.Name, "allocated KB per event (warm-up and load)", handled, (after - before) / 1024 / handled));
                }
            }

            // After the profile is read, so its figures are the closed-loop run's alone.
            var openLoop = options.SkipOpenLoop
                ? null
                : await OpenLoopRun.RunAsync("durable" + options.StateSuffix, options, result.PerSecond, $"http://127.0.0.1:{webhookPort}", arrivals, TimeSpan.FromSeconds(30));
            if (openLoop is not null)
            {
                // The same histograms again: what changed since the closed loop's reading is the open loop's alone.
                var openLoopProfile = new List<TimingRow>();
                foreach (var process in services.Processes)
                {
                    openLoopProfile.AddRange(TimingProfile.Parse(process.Name, await process.MetricsAsync()));
                }

                timing.AddRange(TimingProfile.Between(closedLoopProfile, openLoopProfile, ", open loop"));
            }

            return (result, timing, openLoop);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The process ids of RabbitMQ's Erlang VM and PostgreSQL's postmaster, whose process trees' CPU is read like the
    /// services'; a server whose process cannot be found here (not on this machine) is left out.
    /// </summary>
    public static async Task<Dictionary<string, int>> ServerProcessesAsync(DurableServers servers)
    {
        var pids = new Dictionary<string, int>(StringComparer.Ordinal);
        if (await servers.Rabbit.OperatingSystemProcessIdAsync() is { } rabbit)
        {
            pids["rabbitmq"] = rabbit;
        }

        if (await servers.Postgres.ServerProcessIdAsync() is { } postgres)
        {
            pids["postgresql"] = postgres;
        }

        return pids;
    }

    /// <summary>CPU milliseconds per event of one process over the warm-up and measured load (start-up not included).</summary>
    public static TimingRow CpuRow(string process, TimeSpan cpu, int events, string step = CpuStep) =>
        new(process, step, events, cpu.TotalMilliseconds / events);

    private const string CpuStep = "cpu ms per event (warm-up and load)";
}
