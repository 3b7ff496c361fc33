using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microservices.Events.Tests.Support;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// A RabbitMQ memory alarm while events flow through the four services, on a node and database of the test's own (an
/// alarm blocks every publishing connection of its node, so it runs beside the other durable tests rather than among
/// them): the services report the blocked connection, endpoints left without a consumer by a restart under the alarm
/// consume again once it clears, and nothing accepted is lost.
/// </summary>
/// <remarks>
/// Kept out of <c>make test</c> (<c>make broker-alarm</c> runs it) while the defect it shows is open: after the
/// restart under the alarm, sensor-state's endpoints sometimes do not consume again once it clears (README, "Broker
/// restarts and readiness").
/// </remarks>
[Collection(BrokerAlarmCollection.Name)]
[Trait("Category", "OpenDefect")]
public sealed class BrokerAlarmTests(DurableInfrastructure infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Endpoints = ["bus-gateway", "sensor-state-matcher", "sensor-state-correlation", "sensor-state-trigger-outcomes", "trigger-dispatch"];

    /// <summary>A watermark no node stays under: the memory alarm is set at once.</summary>
    private const string AlarmWatermark = "0.0000001";

    private const string NormalWatermark = "0.4";

    private RelaySink _relay = null!;

    public async Task InitializeAsync() => _relay = await RelaySink.StartAsync();

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task A_connection_the_broker_blocks_fails_readiness_with_the_reason_and_every_endpoint_consumes_again_once_the_alarm_clears()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var servers = await DurableServers.StartOwnAsync();
        var rabbit = servers.Rabbit;
        await using var cluster = await DurableCluster.StartAsync(servers, infrastructure, "broker_alarm", new Dictionary<string, string> { ["Ingress__PublishTimeoutSeconds"] = "5" },
            ("hooks.yaml", DurableSpecs.EventSource), ("sensors.yaml", DurableSpecs.Sensors(_relay.Sink.BaseUrl)));
        var accepted = new HashSet<int>();
        var load = RetryingLoad.Start(cluster.WebhookPort, clients: 8, first: 1);
        try
        {
            Assert.True(await Eventually.HoldsAsync(() => _relay.Fired.Count >= 50, TimeSpan.FromSeconds(60)), $"events do not flow\n{cluster.LogTails}");

            // An alarm while every service is connected: each connection that publishes is blocked, readiness fails
            // naming the reason, and the service carries on once the broker unblocks it. The broker blocks a connection
            // when it publishes under the alarm, and a service publishes only while it has messages to handle: on a
            // quiet machine each keeps up with the one before it and has handled everything by then. So sensor-state and
            // trigger-dispatch are paused for two seconds while events flow, then bus-gateway too, and the alarm is set
            // while all three are paused: each has a backlog in its queues when it goes on.
            var paused = new[] { cluster["sensor-state"], cluster["trigger-dispatch"], cluster["bus-gateway"] };
            try
            {
                paused[0].Pause();
                paused[1].Pause();
                await Task.Delay(TimeSpan.FromSeconds(2));
                paused[2].Pause();
                await rabbit.CtlAsync("set_vm_memory_high_watermark", AlarmWatermark);
            }
            finally
            {
                foreach (var service in paused)
                {
                    service.Resume();
                }
            }

            var blocked = await Eventually.HoldsAsync(async () => await EveryServiceAsync(cluster, HttpStatusCode.ServiceUnavailable) && cluster.Processes.All(p => Notices(p, cluster, "The broker blocked connection") == 1), TimeSpan.FromSeconds(30));
            var metrics = await cluster["sensor-state"].MetricsAsync();
            await rabbit.CtlAsync("set_vm_memory_high_watermark", NormalWatermark);
            Assert.True(blocked, $"not every service reported its blocked connection: {string.Join(", ", cluster.Processes.Select(p => $"{p.Name} {Notices(p, cluster, "The broker blocked connection")} notices"))}\n{cluster.LogTails}");
            Assert.Equal(1, PrometheusText.Parse(metrics).Where(m => m.Name == "broker_connection_blocked").Sum(m => m.Value));
            Assert.All(cluster.Processes, p => Assert.Equal(1, Notices(p, cluster, $"The broker blocked connection guest@127.0.0.1:{rabbit.Port}/{cluster.VirtualHost}: low on memory.")));
            Assert.True(await Eventually.HoldsAsync(async () => await EveryServiceAsync(cluster, HttpStatusCode.OK), TimeSpan.FromSeconds(30)), $"not every service is ready again after the alarm cleared\n{cluster.LogTails}");
            Assert.All(cluster.Processes, p => Assert.Equal(1, Notices(p, cluster, "is no longer blocked (unblocked after")));

            // The broker restarted with the alarm set, as a node low on memory or disk would come back: the endpoints
            // that had not started consuming before their connection published stay without a consumer while it holds.
            var firedBefore = _relay.Fired.Count;
            await rabbit.StopAsync();
            await rabbit.StartAgainAsync([$"vm_memory_high_watermark.relative = {AlarmWatermark}"]);
            var clock = Stopwatch.StartNew();
            var idle = new HashSet<string>();
            while (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                idle.UnionWith((await rabbit.ListQueuesAsync(cluster.VirtualHost)).Where(q => Endpoints.Contains(q.Name) && q.Consumers == 0).Select(q => q.Name));
            }

            // The broker blocks a connection when it publishes: ingress does as soon as it reconnects (its clients keep
            // sending); a service whose queues were empty when the broker stopped publishes nothing and is not blocked.
            // Every one blocked answers 503.
            var reblocked = cluster.Processes.Where(p => Notices(p, cluster, "The broker blocked connection") >= 2).Select(p => p.Name).ToHashSet();
            var readiness = await Task.WhenAll(cluster.Processes.Select(async p => (p.Name, Status: await p.HealthAsync())));
            var firedDuringAlarm = _relay.Fired.Count - firedBefore;
            await rabbit.CtlAsync("set_vm_memory_high_watermark", NormalWatermark);
            var cleared = Stopwatch.StartNew();

            Assert.True(reblocked.Count > 0, $"no service reported its new connection blocked\n{cluster.LogTails}");
            Assert.All(readiness.Where(r => reblocked.Contains(r.Name)), r => Assert.True(r.Status == HttpStatusCode.ServiceUnavailable, $"{r.Name} reported its connection blocked and answered {r.Status} under the alarm\n{cluster.LogTails}"));

            var consuming = await Eventually.HoldsAsync(() => EveryEndpointConsumesAsync(rabbit, cluster), TimeSpan.FromSeconds(120));

            // The last resort the services document: an endpoint that still does not consume makes /alive fail after
            // Bus:StalledEndpointSeconds, and the orchestrator restarts the process. The test does what it would do; a
            // service whose endpoints do not consume while /alive answers 200 fails the test.
            var restarted = new List<string>();
            if (!consuming)
            {
                foreach (var process in cluster.Processes.ToList())
                {
                    if (await process.AliveAsync() != HttpStatusCode.OK)
                    {
                        restarted.Add(process.Name);
                        process.Kill();
                        await process.StartAsync(TimeSpan.FromSeconds(90));
                    }
                }

                consuming = restarted.Count > 0 && await Eventually.HoldsAsync(() => EveryEndpointConsumesAsync(rabbit, cluster), TimeSpan.FromSeconds(60));
            }

            var consumingAfter = cleared.Elapsed.TotalSeconds;
            Assert.True(consuming, $"an endpoint has no consumer 120 s after the alarm cleared{(restarted.Count > 0 ? $" and 60 s after {string.Join(", ", restarted)} failed /alive and was restarted" : ", and /alive of every service answered 200")}: {string.Join("; ", (await rabbit.ListQueuesAsync(cluster.VirtualHost)).Select(q => $"{q.Name} consumers {q.Consumers}"))}\n{cluster.LogTails}");
            Assert.True(await Eventually.HoldsAsync(async () => await EveryServiceAsync(cluster, HttpStatusCode.OK), TimeSpan.FromSeconds(60)), $"not every service is ready again\n{cluster.LogTails}");
            var readyAfter = cleared.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"restarted under the alarm: blocked again {string.Join(", ", reblocked.Order(StringComparer.Ordinal))}; without a consumer at some point {string.Join(", ", idle.Order(StringComparer.Ordinal))}; {firedDuringAlarm} events fired from the stop until the alarm cleared; after it cleared every endpoint consuming in {consumingAfter:F1} s{(restarted.Count > 0 ? $" (after {string.Join(", ", restarted)} failed /alive and was restarted)" : " without a process restart")}, every service ready in {readyAfter:F1} s"));
        }
        finally
        {
            await load.DisposeAsync();
            accepted.UnionWith(load.Accepted.Keys.Where(n => RetryingLoad.PathOf(n) == "/c"));
        }

        // The clients outrun the pipeline on a busy machine, so the backlog may take minutes: it must keep draining.
        var drain = Stopwatch.StartNew();
        var restartedWhileDraining = new List<string>();
        var drained = await DrainedAsync(accepted, cluster, restartedWhileDraining);
        var lost = accepted.Where(n => !_relay.Fired.ContainsKey(n)).ToList();
        output.WriteLine($"{accepted.Count} relay events accepted, {lost.Count} not fired; drained for {drain.Elapsed.TotalSeconds:F0} s" +
                         (restartedWhileDraining.Count > 0 ? $" (after {string.Join(", ", restartedWhileDraining)} failed /alive and was restarted)" : " without a process restart"));
        Assert.True(drained, $"{lost.Count} accepted events not fired after {drain.Elapsed.TotalSeconds:F0} s (first: {string.Join(", ", lost.Take(10))}); " +
                             $"queues: {string.Join("; ", (await rabbit.ListQueuesAsync(cluster.VirtualHost)).Select(q => $"{q.Name} ready {q.Ready} unacked {q.Unacknowledged} consumers {q.Consumers}"))}; " +
                             $"readiness: {string.Join(", ", await Task.WhenAll(cluster.Processes.Select(async p => $"{p.Name} {await p.HealthAsync()}")))}\n{cluster.LogTails}");
    }

    /// <summary>
    /// True once every accepted relay event fired. When no new one fired for 60 s, the test does what an orchestrator
    /// would: a service whose <c>/alive</c> fails within 150 s more (an endpoint stuck past
    /// <c>Bus:StalledEndpointSeconds</c>) is killed and started again, once per service, and draining goes on. False
    /// when firing stays stalled with every <c>/alive</c> answering 200, or after 15 minutes in all.
    /// </summary>
    private async Task<bool> DrainedAsync(HashSet<int> accepted, DurableCluster cluster, List<string> restarted)
    {
        var total = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        var fired = _relay.Fired.Count;
        while (!accepted.All(_relay.Fired.ContainsKey))
        {
            if (total.Elapsed > TimeSpan.FromMinutes(15))
            {
                return false;
            }

            if (quiet.Elapsed > TimeSpan.FromSeconds(60))
            {
                var firedAtStall = _relay.Fired.Count;
                var dead = await NotAliveWithinAsync(cluster, TimeSpan.FromSeconds(150), restarted, () => _relay.Fired.Count != firedAtStall);
                if (dead is null)
                {
                    if (_relay.Fired.Count == firedAtStall)
                    {
                        return false;
                    }

                    // Firing resumed by itself while liveness was watched.
                    fired = _relay.Fired.Count;
                    quiet.Restart();
                    continue;
                }

                restarted.Add(dead.Name);
                dead.Kill();
                await dead.StartAsync(TimeSpan.FromSeconds(90));
                quiet.Restart();
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            if (_relay.Fired.Count != fired)
            {
                fired = _relay.Fired.Count;
                quiet.Restart();
            }
        }

        return true;
    }

    /// <summary>
    /// The first service, not restarted before, whose <c>/alive</c> fails within <paramref name="limit"/>; null if none
    /// does, or once <paramref name="resumed"/> says firing went on.
    /// </summary>
    private static async Task<ServiceProcess?> NotAliveWithinAsync(DurableCluster cluster, TimeSpan limit, List<string> restarted, Func<bool> resumed)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit && !resumed())
        {
            foreach (var process in cluster.Processes.Where(p => !restarted.Contains(p.Name)).ToList())
            {
                if (await process.AliveAsync() != HttpStatusCode.OK)
                {
                    return process;
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        return null;
    }

    private static async Task<bool> EveryEndpointConsumesAsync(RabbitMqTestNode rabbit, DurableCluster cluster) =>
        (await rabbit.ListQueuesAsync(cluster.VirtualHost)).Count(q => Endpoints.Contains(q.Name) && q.Consumers > 0) == Endpoints.Length;

    /// <summary>Lines of the service's log with <paramref name="text"/> about a connection to this cluster's virtual host.</summary>
    private static int Notices(ServiceProcess service, DurableCluster cluster, string text) =>
        service.Log.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal) && l.Contains(cluster.VirtualHost, StringComparison.Ordinal));

    private static async Task<bool> EveryServiceAsync(DurableCluster cluster, HttpStatusCode status) =>
        (await Task.WhenAll(cluster.Processes.Select(p => p.HealthAsync()))).All(s => s == status);
}

/// <summary>The broker alarm test: a collection of its own, as it runs on servers of its own.</summary>
[CollectionDefinition(Name)]
public sealed class BrokerAlarmCollection : ICollectionFixture<DurableInfrastructure>
{
    public const string Name = "broker-alarm";
}
