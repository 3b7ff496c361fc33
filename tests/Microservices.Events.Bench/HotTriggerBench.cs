using System.Diagnostics;
using RabbitMQ.Client;

namespace Microservices.Events.Bench;

/// <summary>
/// One hot <c>a &amp;&amp; b</c> trigger on PostgreSQL: the published sensor-state alone, on RabbitMQ and PostgreSQL,
/// with one sensor whose only trigger is <c>A &amp;&amp; B</c>. The bench publishes the events as bus-gateway would
/// (<see cref="PublishedEventBody"/>, persistent, with publisher confirms, at most C unconfirmed), alternately on
/// <c>a</c> and <c>b</c>, and the run lasts until the trigger's correlation saga has handled every one: its events/s is
/// how fast one trigger correlates, with the matcher in front of it. trigger-dispatch does not run: the requested
/// firings go to an exchange no queue is bound to; how many there were is read from sensor-state's metrics.
/// </summary>
public static class HotTriggerBench
{
    public const string Name = "hot a && b trigger";

    public static async Task<(BenchResult Result, IReadOnlyList<TimingRow> Timing)> RunAsync(BenchOptions options, DurableServers servers, string vhost)
    {
        var root = DurableBench.PublishRoot();
        var dll = PublishedServices.Require(root, "sensor-state", DurableBench.HowToPublish);
        var logs = Path.GetFullPath(Path.Combine("artifacts", "bench", "logs"));
        Directory.CreateDirectory(logs);
        var work = Directory.CreateTempSubdirectory("events-bench-hot-").FullName;
        try
        {
            BenchSpecs.WriteHot(work);
            var environment = DurableSettings.For(servers.Rabbit.Port, vhost, await servers.Postgres.CreateDatabaseAsync(vhost), work);
            environment[ServiceProcess.GcServerVariable] = "";
            var progress = new Progress("hot trigger");
            progress.Say("starting sensor-state");
            await using var sensorState = new ServiceProcess("sensor-state", dll, environment, Path.Combine(logs, "hot-sensor-state.log"));
            await sensorState.StartAsync(TimeSpan.FromSeconds(90));

            var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = servers.Rabbit.Port, VirtualHost = vhost };
            await using var connection = await factory.CreateConnectionAsync("bench-hot-trigger");
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));

            if (options.Warmup > 0)
            {
                var warmup = new Progress("hot trigger warm-up");
                await PublishAsync(channel, BenchOptions.WarmupFirst, options.Warmup, options.Concurrency);
                await WaitForSagaAsync(sensorState, options.Warmup, warmup);
            }

            var metricsBefore = await sensorState.MetricsAsync();
            var handledBefore = TimingProfile.CorrelatedEvents(metricsBefore);
            var messagesBefore = TimingProfile.SagaMessages(metricsBefore);
            var pairsBefore = PairsRequested(metricsBefore);
            var allocatedBefore = TimingProfile.AllocatedBytes(metricsBefore);
            var serverCpu = ServerCpu.Start(await DurableBench.ServerProcessesAsync(servers));
            var cpuBefore = sensorState.CpuTime();
            var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var brokerBefore = await servers.Rabbit.CountersAsync();

            var started = Stopwatch.GetTimestamp();
            var confirmed = await PublishAsync(channel, 0, options.Events, options.Concurrency, options.HotTriggerRate);
            var published = Stats.Millis(started, Stopwatch.GetTimestamp()) / 1000;
            var behind = handledBefore + confirmed - TimingProfile.CorrelatedEvents(await sensorState.MetricsAsync());
            await WaitForSagaAsync(sensorState, handledBefore + confirmed, progress);
            var seconds = Stats.Millis(started, Stopwatch.GetTimestamp()) / 1000;

            var metrics = await sensorState.MetricsAsync();
            var measured = TimingProfile.CorrelatedEvents(metrics) - handledBefore;
            var messages = TimingProfile.SagaMessages(metrics) - messagesBefore;
            var timing = new List<TimingRow>
            {
                DurableBench.CpuRow("bench", Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore, options.Events, Step),
                DurableBench.CpuRow("sensor-state", sensorState.CpuTime() - cpuBefore, options.Events, Step),
            };
            timing.AddRange(serverCpu.Rows(Step, options.Events));
            timing.AddRange(BrokerRows.Between(", hot trigger", brokerBefore, await servers.Rabbit.CountersAsync(), options.Events));
            if (allocatedBefore is { } allocated && TimingProfile.AllocatedBytes(metrics) is { } allocatedAfter)
            {
                timing.Add(new TimingRow("sensor-state", "allocated KB per event, hot trigger (load)", options.Events, (allocatedAfter - allocated) / 1024 / options.Events));
            }

            timing.AddRange(TimingProfile.Parse("sensor-state", metrics)
                .Where(r => r.Step.Contains("saga", StringComparison.Ordinal))
                .Select(r => r with { Step = $"{r.Step}, hot trigger (warm-up and load)" }));
            var pairs = PairsRequested(metrics) - pairsBefore;
            var lost = (int)Math.Max(0, confirmed - measured);
            return (new BenchResult(Name, options.Events, confirmed, options.Events - confirmed, seconds, measured / seconds,
                null, null, null, confirmed, lost, null,
                $"sensor-state alone on PostgreSQL; its saga handled {measured} events in {messages} messages, pair requested {pairs}x; events/s: published -> handled by the saga; published in {published:F1}s{(options.HotTriggerRate is { } rate ? $" (at most {rate:F0}/s)" : "")}, {behind} not yet handled then"), timing);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private const string Step = "cpu ms per event, hot trigger (load)";

    /// <summary>
    /// Publishes events <paramref name="first"/>.. with at most <paramref name="concurrency"/> unconfirmed, and with a
    /// <paramref name="rate"/> event i not before i/rate seconds after the start; the number confirmed.
    /// </summary>
    private static async Task<int> PublishAsync(IChannel channel, int first, int events, int concurrency, double? rate = null)
    {
        var next = -1;
        var confirmed = 0;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < events)
            {
                if (rate is { } perSecond)
                {
                    var due = start + (long)(i / perSecond * Stopwatch.Frequency);
                    while (Stopwatch.GetTimestamp() < due)
                    {
                        await Task.Delay(1);
                    }
                }

                var id = Guid.NewGuid();
                var properties = new BasicProperties { Persistent = true, ContentType = PublishedEventBody.ContentType, MessageId = id.ToString() };
                await channel.BasicPublishAsync(PublishedEventBody.Exchange, "", mandatory: false, properties, PublishedEventBody.For(first + i, id, DateTimeOffset.UtcNow));
                Interlocked.Increment(ref confirmed);
            }
        })));
        return confirmed;
    }

    /// <summary>Polls the count of events sensor-state's saga applied every 50 ms until it reaches <paramref name="expected"/> or stops moving for 30 s.</summary>
    private static Task WaitForSagaAsync(ServiceProcess sensorState, long expected, Progress progress) =>
        PipelineRun.WaitForCountAsync(progress, async () => TimingProfile.CorrelatedEvents(await sensorState.MetricsAsync()), expected,
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50), handled => $"saga handled {handled}/{expected}");

    /// <summary>Firings of trigger <c>pair</c> that sensor-state requested, from its Prometheus text.</summary>
    public static long PairsRequested(string prometheusText) =>
        (long)PrometheusText.Parse(prometheusText)
            .Where(s => s.Name == "triggers_requested_total" && s.Label("trigger") == "pair")
            .Sum(s => s.Value);
}
