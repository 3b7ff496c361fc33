using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microservices.Events.Tests.Support;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// RabbitMQ restarted while events flow through the four services: every receive endpoint consumes again each time,
/// nothing accepted is lost, and readiness says when an endpoint is not consuming.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class BrokerRestartTests(DurableInfrastructure infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The receive endpoints (queues) on the path of an event, each held busy when the broker stops.</summary>
    private static readonly string[] Endpoints = ["bus-gateway", "sensor-state-matcher", "sensor-state-correlation", "trigger-dispatch"];

    /// <summary>Every receive endpoint of the four services: the path, the outcomes sensor-state records, and its replay.</summary>
    private static readonly string[] AllEndpoints = [.. Endpoints, "sensor-state-trigger-outcomes", "sensor-state-replay"];

    private RelaySink _relay = null!;

    public async Task InitializeAsync() => _relay = await RelaySink.StartAsync();

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    /// <summary>
    /// Messages each path endpoint holds delivered and unacknowledged, all four at once, when the broker is stopped. The
    /// correlation endpoint keeps up with the matcher, as its row writes are gathered, and holds only the messages that
    /// wait for their write: 33 to 64 at the stop with three pair triggers, but in one run never 32 while the other three
    /// held theirs for two minutes; so 16 there.
    /// </summary>
    private static readonly Dictionary<string, int> InFlightAtStop = new()
    {
        ["bus-gateway"] = 32, ["sensor-state-matcher"] = 32, ["sensor-state-correlation"] = 16, ["trigger-dispatch"] = 32,
    };

    /// <summary>The restart rounds to run: <c>EVENTS_TEST_BROKER_RESTARTS</c> when set to a positive number, else 2.</summary>
    private static int Restarts =>
        int.TryParse(Environment.GetEnvironmentVariable("EVENTS_TEST_BROKER_RESTARTS"), out var n) && n > 0 ? n : 2;

    private bool Ready()
    {
        if (!infrastructure.Available())
        {
            return false;
        }

        Assert.True(infrastructure.CanRestartRabbit || !RepoPaths.IsCi, "the broker restart tests need the RabbitMQ data folder (EVENTS_TEST_RABBITMQ_DIR)");
        return infrastructure.CanRestartRabbit;
    }

    /// <summary>
    /// AND triggers on the pairing sensor. Each <c>a</c> or <c>b</c> event reaches every one of them through the correlation
    /// endpoint, so that endpoint gets three messages for each pair event and has many waiting for their writes at once.
    /// </summary>
    private const int PairTriggers = 3;

    private Task<DurableCluster> Start(string name, IReadOnlyDictionary<string, string>? settings = null) =>
        DurableCluster.StartAsync(infrastructure, name, settings, ("hooks.yaml", DurableSpecs.EventSource), ("sensors.yaml", DurableSpecs.Sensors(_relay.Sink.BaseUrl, PairTriggers)));

    [Fact]
    public async Task Every_endpoint_consumes_again_after_each_broker_restart_under_load_and_no_accepted_event_is_lost()
    {
        if (!Ready())
        {
            return;
        }

        // The sink answers slowly, so trigger-dispatch holds many firings at once when the broker goes away; 16 clients
        // send faster than bus-gateway and the matcher pass events on, so their queues fill past the prefetch too.
        _relay.Sink.Delay = TimeSpan.FromMilliseconds(50);
        await using var cluster = await Start("broker-restart", new Dictionary<string, string> { ["Ingress__PublishTimeoutSeconds"] = "5" });
        var rounds = new List<string>();
        var consumingAfter = new List<double>();
        var firingAfter = new List<double>();
        var accepted = new HashSet<int>();
        var refusals = 0;
        var restarts = new List<string>();
        var readyWithoutConsumer = new List<string>();
        try
        {
            for (var round = 1; round <= Restarts; round++)
            {
                var alarmsBefore = await infrastructure.RabbitAlarmsAsync();
                var summary = "";
                var load = RetryingLoad.Start(cluster.WebhookPort, clients: 16, first: round * 1_000_000);
                try
                {
                    var busy = await WaitForInFlightAsync(cluster, TimeSpan.FromSeconds(120));
                    await infrastructure.StopRabbitAsync();
                    var stoppedAt = DateTimeOffset.UtcNow;
                    await Task.Delay(2000);
                    await infrastructure.StartRabbitAgainAsync();
                    var back = DateTimeOffset.UtcNow;
                    var clock = Stopwatch.StartNew();

                    // The webhooks accept again; the load stops there, so the backlog to drain stays small.
                    Assert.True(await Eventually.HoldsAsync(() => load.Accepted.Values.Any(at => at > back), TimeSpan.FromSeconds(60)), $"round {round}: no event accepted after the broker came back\n{cluster.LogTails}");
                    await load.StopAsync();

                    // Generous, as a loaded machine recovers slower; an endpoint that never consumes again (the defect this
                    // guards) stays at 0 consumers for good, and its service must then say so: not ready, and past
                    // Bus:StalledEndpointSeconds not alive, when the test restarts it as an orchestrator would.
                    var restarted = new List<string>();
                    var restartedNames = new HashSet<string>();
                    var consuming = await WaitUntilEveryEndpointConsumesAsync(cluster, TimeSpan.FromSeconds(180), restartedNames, restarted, readyWithoutConsumer);
                    var consumingAt = clock.Elapsed.TotalSeconds;
                    Assert.True(consuming, $"round {round}: an endpoint has no consumer 180 s after the broker came back{(restarted.Count > 0 ? $" and 90 s after a restart ({string.Join("; ", restarted)})" : "")}: {Describe(await infrastructure.ListQueuesAsync(cluster.VirtualHost))}; {await AlarmsSinceAsync(alarmsBefore)}\n{cluster.LogTails}");

                    // Firing resumed: an event accepted after the broker came back reached the trigger. An endpoint that has a
                    // consumer and still finishes none of its messages fails readiness after Bus:StuckEndpointSeconds and
                    // liveness after Bus:StalledEndpointSeconds (120 s), so the wait is longer than that and restarts a
                    // service whose /alive fails, as an orchestrator would.
                    var resumed = await WaitUntilFiringResumesAsync(cluster, () => Fired().Any(n => load.Accepted.TryGetValue(n, out var at) && at > back), TimeSpan.FromSeconds(150), restartedNames, restarted);
                    var firingAt = clock.Elapsed.TotalSeconds;
                    restarts.AddRange(restarted.Select(r => $"round {round}: {r}"));
                    Assert.True(resumed, $"round {round}: no event accepted after the broker came back fired within 150 s{(restarted.Count > 0 ? $" or 90 s after a restart ({string.Join("; ", restarted)})" : "")}: {Describe(await infrastructure.ListQueuesAsync(cluster.VirtualHost))}\n{cluster.LogTails}");
                    consumingAfter.Add(consumingAt);
                    firingAfter.Add(firingAt);
                    summary = string.Create(CultureInfo.InvariantCulture, $"round {round}: unacknowledged at the stop: {busy}; broker down {(back - stoppedAt).TotalSeconds:F1} s; every endpoint consuming {consumingAt:F1} s and a new event fired {firingAt:F1} s after it was back{(restarted.Count > 0 ? $" (after restarting {string.Join("; ", restarted)})" : ", no process restarted")}");
                }
                finally
                {
                    await load.DisposeAsync();
                    accepted.UnionWith(load.Accepted.Keys.Where(n => RetryingLoad.PathOf(n) == "/c"));
                    refusals += load.Refusals;
                }

                var drained = await Eventually.HoldsAsync(async () => accepted.All(_relay.Fired.ContainsKey) && Drained(await infrastructure.ListQueuesAsync(cluster.VirtualHost)), TimeSpan.FromSeconds(120));
                var lost = accepted.Where(n => !_relay.Fired.ContainsKey(n)).ToList();
                rounds.Add($"{summary}; accepted events not fired: {lost.Count}; {await AlarmsSinceAsync(alarmsBefore)}");
                Assert.True(drained, $"round {round}: {lost.Count} accepted events not fired (first: {string.Join(", ", lost.Take(10))}); queues: {Describe(await infrastructure.ListQueuesAsync(cluster.VirtualHost))}\n{cluster.LogTails}");
                // An endpoint with nothing to drain may still be waiting out MassTransit's reconnect delay (up to 30 s).
                var allReady = await Eventually.HoldsAsync(async () => (await HealthOfEachAsync(cluster)).Values.All(s => s == HttpStatusCode.OK), TimeSpan.FromSeconds(60));
                Assert.True(allReady, $"round {round}: not every service is ready 60 s after the backlog drained: {string.Join(", ", (await HealthOfEachAsync(cluster)).Select(h => $"{h.Key} {h.Value}"))}\n{cluster.LogTails}");
            }
        }
        finally
        {
            foreach (var line in rounds)
            {
                output.WriteLine(line);
            }
        }

        var queues = await infrastructure.ListQueuesAsync(cluster.VirtualHost);
        output.WriteLine($"{Restarts} restarts; {accepted.Count} relay events accepted ({refusals} refusals retried), all fired; pair firings {_relay.Sink.Requests.Count(r => r.Path == "/pair")}; " +
                         $"after the broker was back: every endpoint consuming within {consumingAfter.Max():F1} s (mean {consumingAfter.Average():F1}), a new event fired within {firingAfter.Max():F1} s (mean {firingAfter.Average():F1}); " +
                         $"processes restarted for failing /alive: {(restarts.Count == 0 ? "none" : string.Join(" | ", restarts))}");
        Assert.True(readyWithoutConsumer.Count == 0, $"a service answered ready while the broker showed one of its endpoints without a consumer: {string.Join(" | ", readyWithoutConsumer.Take(10))}");
        Assert.All(queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)), q => Assert.True(q.Ready == 0, $"{q.Name} holds {q.Ready} messages"));
    }

    [Fact]
    public async Task Readiness_fails_while_an_endpoint_is_not_consuming_and_passes_again_once_it_consumes()
    {
        if (!Ready())
        {
            return;
        }

        await using var cluster = await Start("readiness", new Dictionary<string, string> { ["Bus__StalledEndpointSeconds"] = "6" });
        var dispatch = cluster["trigger-dispatch"];
        Assert.Equal(HttpStatusCode.OK, await dispatch.HealthAsync());
        Assert.Equal(HttpStatusCode.OK, await dispatch.AliveAsync());

        // The broker cancels the consumer of a deleted queue; without the right to declare it again the endpoint
        // cannot consume until the right is given back.
        await infrastructure.RabbitCtlAsync("set_permissions", "-p", cluster.VirtualHost, "guest", "^$", ".*", ".*");
        await infrastructure.RabbitCtlAsync("delete_queue", "-p", cluster.VirtualHost, "trigger-dispatch");
        var notReady = await Eventually.HoldsAsync(async () => await dispatch.HealthAsync() == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        var samples = new List<HttpStatusCode?>();
        for (var i = 0; notReady && i < 10; i++)
        {
            await Task.Delay(500);
            samples.Add(await dispatch.HealthAsync());
        }

        // Past Bus:StalledEndpointSeconds, liveness fails too: an orchestrator would restart the process.
        var stalled = await Eventually.HoldsAsync(async () => await dispatch.AliveAsync() == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        var queues = await infrastructure.ListQueuesAsync(cluster.VirtualHost);
        var others = await Task.WhenAll(cluster.Processes.Where(p => p.Name != "trigger-dispatch").Select(p => p.HealthAsync()));

        await infrastructure.RabbitCtlAsync("set_permissions", "-p", cluster.VirtualHost, "guest", ".*", ".*", ".*");
        Assert.True(notReady, $"trigger-dispatch stayed ready without a queue to consume from\n{dispatch.LogTail}");
        Assert.All(samples, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        Assert.True(stalled, $"liveness did not fail for an endpoint not consuming past Bus:StalledEndpointSeconds\n{dispatch.LogTail}");
        Assert.Contains("trigger-dispatch not consuming for", dispatch.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(queues, q => q.Name == "trigger-dispatch");
        Assert.All(others, s => Assert.Equal(HttpStatusCode.OK, s));

        var clock = Stopwatch.StartNew();
        Assert.True(await Eventually.HoldsAsync(async () => await dispatch.HealthAsync() == HttpStatusCode.OK, TimeSpan.FromSeconds(60)), $"trigger-dispatch did not become ready again\n{dispatch.LogTail}");
        output.WriteLine($"ready again {clock.Elapsed.TotalSeconds:F1} s after the permission was given back");
        Assert.Equal(HttpStatusCode.OK, await dispatch.AliveAsync());
        using var http = new HttpClient();
        var response = await http.PostAsync($"http://127.0.0.1:{cluster.WebhookPort}/c", new StringContent("""{"n": 7}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _relay.Fired.ContainsKey(7), TimeSpan.FromSeconds(30)), $"the event did not fire after readiness returned\n{cluster.LogTails}");
    }

    private ICollection<int> Fired() => _relay.Fired.Keys;

    /// <summary>The service whose receive endpoint a queue is.</summary>
    private static string ServiceOf(string queue) => queue.StartsWith("sensor-state-", StringComparison.Ordinal) ? "sensor-state" : queue;

    /// <summary>
    /// Waits until every endpoint has a consumer on the broker, for at most <paramref name="timeout"/>. Meanwhile, as an
    /// orchestrator would, a service whose <c>/alive</c> fails is restarted once (its async stacks saved beside its log
    /// first) and the wait extended by 90 s; each is added to <paramref name="restarted"/>. Each sample of the queues is
    /// taken between two samples of every <c>/health</c>: an endpoint without a consumer whose service answered 200 in
    /// both is added to <paramref name="readyWithoutConsumer"/>.
    /// </summary>
    private async Task<bool> WaitUntilEveryEndpointConsumesAsync(DurableCluster cluster, TimeSpan timeout, HashSet<string> restartedNames, List<string> restarted, List<string> readyWithoutConsumer)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout;
        while (clock.Elapsed < limit)
        {
            var before = await HealthOfEachAsync(cluster);
            var queues = await infrastructure.ListQueuesAsync(cluster.VirtualHost);
            if (EveryEndpointConsumes(queues))
            {
                return true;
            }

            var after = await HealthOfEachAsync(cluster);
            foreach (var queue in AllEndpoints.Where(e => !queues.Any(q => q.Name == e && q.Consumers > 0)))
            {
                var service = ServiceOf(queue);
                if (before.GetValueOrDefault(service) == HttpStatusCode.OK && after.GetValueOrDefault(service) == HttpStatusCode.OK)
                {
                    readyWithoutConsumer.Add(string.Create(CultureInfo.InvariantCulture, $"{queue} without a consumer {clock.Elapsed.TotalSeconds:F0} s into the wait while {service} answered 200"));
                }
            }

            if (await RestartTheDeadAsync(cluster, string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F0} s into the wait for consumers"), restartedNames, restarted))
            {
                limit = TimeSpan.FromTicks(Math.Max(limit.Ticks, (clock.Elapsed + TimeSpan.FromSeconds(90)).Ticks));
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return false;
    }

    /// <summary>
    /// Waits until <paramref name="fired"/> holds, for at most <paramref name="timeout"/>, restarting a service whose
    /// <c>/alive</c> fails (once per service and round, see <see cref="RestartTheDeadAsync"/>) and then waiting 90 s more.
    /// </summary>
    private async Task<bool> WaitUntilFiringResumesAsync(DurableCluster cluster, Func<bool> fired, TimeSpan timeout, HashSet<string> restartedNames, List<string> restarted)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout;
        while (clock.Elapsed < limit)
        {
            if (fired())
            {
                return true;
            }

            if (await RestartTheDeadAsync(cluster, string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F0} s into the wait for a firing"), restartedNames, restarted))
            {
                limit = TimeSpan.FromTicks(Math.Max(limit.Ticks, (clock.Elapsed + TimeSpan.FromSeconds(90)).Ticks));
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return fired();
    }

    /// <summary>
    /// As an orchestrator would: each service not in <paramref name="restartedNames"/> whose <c>/alive</c> fails is
    /// killed and started again, its async stacks saved beside its log first, and added to both lists. True when any was.
    /// </summary>
    private async Task<bool> RestartTheDeadAsync(DurableCluster cluster, string when, HashSet<string> restartedNames, List<string> restarted)
    {
        var any = false;
        foreach (var process in cluster.Processes.Where(p => !restartedNames.Contains(p.Name)).ToList())
        {
            if (await process.AliveAsync() == HttpStatusCode.OK)
            {
                continue;
            }

            var stacks = await process.SaveAsyncStacksAsync();
            var queues = await infrastructure.ListQueuesAsync(cluster.VirtualHost);
            restartedNames.Add(process.Name);
            restarted.Add($"{process.Name} {when} (async stacks: {stacks}; queues then: {Describe(queues)})");
            process.Kill();
            await process.StartAsync(TimeSpan.FromSeconds(90));
            any = true;
        }

        return any;
    }

    private static async Task<Dictionary<string, HttpStatusCode?>> HealthOfEachAsync(DurableCluster cluster)
    {
        var answers = await Task.WhenAll(cluster.Processes.Select(async p => (p.Name, Status: await p.HealthAsync())));
        return answers.ToDictionary(a => a.Name, a => a.Status);
    }

    /// <summary>The resource alarms the broker logged after those in <paramref name="before"/> (a set alarm blocks every publishing connection).</summary>
    private async Task<string> AlarmsSinceAsync(IReadOnlyList<string> before)
    {
        var alarms = (await infrastructure.RabbitAlarmsAsync()).Skip(before.Count).ToList();
        return alarms.Count == 0 ? "broker resource alarms: none" : $"broker resource alarms: {string.Join(" | ", alarms)}";
    }

    private static bool EveryEndpointConsumes(IReadOnlyList<QueueState> queues) =>
        AllEndpoints.All(e => queues.Any(q => q.Name == e && q.Consumers > 0));

    private static bool Drained(IReadOnlyList<QueueState> queues) =>
        AllEndpoints.All(e => queues.Any(q => q.Name == e && q.Consumers > 0 && q.Ready == 0 && q.Unacknowledged == 0));

    /// <summary>
    /// Waits until every path endpoint has at least its <see cref="InFlightAtStop"/> messages delivered and not yet acknowledged
    /// in one sample of the queues; returns their counts. An endpoint whose queue holds a backlog has its full prefetch
    /// (<c>Bus:RabbitMq:PrefetchCount</c>, 64) unacknowledged, whatever number of them its handlers run at once; the
    /// correlation endpoint, with no backlog, holds the messages that wait for their row's write.
    /// </summary>
    private async Task<string> WaitForInFlightAsync(DurableCluster cluster, TimeSpan timeout)
    {
        var seen = Endpoints.ToDictionary(e => e, _ => 0L);
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<QueueState> queues = [];
        while (DateTime.UtcNow < deadline)
        {
            queues = await infrastructure.ListQueuesAsync(cluster.VirtualHost);
            if (Endpoints.All(e => queues.Any(q => q.Name == e && q.Unacknowledged >= InFlightAtStop[e])))
            {
                return string.Join(", ", Endpoints.Select(e => $"{e} {queues.First(q => q.Name == e).Unacknowledged}"));
            }

            foreach (var q in queues.Where(q => seen.ContainsKey(q.Name)))
            {
                seen[q.Name] = Math.Max(seen[q.Name], q.Unacknowledged);
            }
        }

        Assert.Fail($"not every endpoint had its messages in flight ({string.Join(", ", InFlightAtStop.Select(m => $"{m.Key} {m.Value}"))}) within {timeout.TotalSeconds} s (most seen: {string.Join(", ", seen.Select(s => $"{s.Key} {s.Value}"))}); last: {Describe(queues)}");
        return "";
    }

    private static string Describe(IEnumerable<QueueState> queues) =>
        string.Join("; ", queues.Where(q => AllEndpoints.Contains(q.Name) || q.Name.EndsWith("_error", StringComparison.Ordinal))
            .Select(q => string.Create(CultureInfo.InvariantCulture, $"{q.Name} unacked {q.Unacknowledged} ready {q.Ready} consumers {q.Consumers}")));
}
