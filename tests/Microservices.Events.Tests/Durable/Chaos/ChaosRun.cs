using System.Diagnostics;
using System.Net;

namespace Microservices.Events.Tests.Durable.Chaos;

/// <summary>One disruption: what, when (seconds after the first send, and the events accepted by then), how long the part was away, and when every process answered <c>/health</c> 200 again.</summary>
public sealed record Disruption(string What, double AtSeconds, int AcceptedBefore, double BackAfterSeconds, double? HealthyAfterSeconds);

/// <summary>Everything a chaos run measured.</summary>
public sealed record ChaosResult(
    ChaosOptions Options,
    IReadOnlyList<string> Processes,
    IReadOnlyList<TriggerFigures> Triggers,
    IReadOnlyList<double> TriggerSeconds,
    IReadOnlyList<IReadOnlyList<double>> RepeatSeconds,
    IReadOnlyList<Disruption> Disruptions,
    IReadOnlyList<EventFinding> Findings,
    int Refusals,
    int Unanswered,
    double LoadSeconds,
    double DrainSeconds);

/// <summary>
/// The chaos run: the four published services on a RabbitMQ node and a PostgreSQL cluster of its own (durable mode),
/// with a second replica of sensor-state and of trigger-dispatch; <see cref="ChaosLoad"/> sends while, one after
/// another in the seed's order, each service is killed with kill -9 and started again (both replicas of the two
/// replicated ones, one at a time), RabbitMQ is stopped and started, and PostgreSQL is restarted as after a crash.
/// Each disruption starts once its share of the events is accepted and after every process answered <c>/health</c>
/// 200 again since the one before. Then the load stops, the firings drain, and each trigger is counted (<see cref="ChaosTally"/>).
/// </summary>
public static class ChaosRun
{
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DrainWithin = TimeSpan.FromMinutes(5);

    public static async Task<ChaosResult> RunAsync(DurableInfrastructure infrastructure, ChaosOptions options, Action<string> log)
    {
        await using var servers = await DurableServers.StartOwnAsync();
        await using var sink = await HttpSink.StartAsync();
        await using var cluster = await DurableCluster.StartAsync(servers, infrastructure, "chaos", new Dictionary<string, string>
        {
            ["State__FiringLeaseSeconds"] = "10",
            ["State__DeduplicationLeaseSeconds"] = "10",
            ["Logging__LogLevel__Microservices.Events"] = "Warning",
        }, ("source.yaml", ChaosSpecs.EventSource(options.PairClients)), ("sensors.yaml", ChaosSpecs.Sensors(sink.BaseUrl, options.PairClients)));
        await cluster.AddReplicaAsync("sensor-state");
        await cluster.AddReplicaAsync("trigger-dispatch");
        var steps = Steps(cluster, servers, new Random(options.Seed));
        log($"chaos: seed {options.Seed}, {options.Events} events, {(options.Rate > 0 ? $"{options.Rate}/s" : "unpaced")}, {options.RelayClients} relay + {options.PairClients} pair clients; " +
            $"processes {string.Join(", ", cluster.Processes.Select(p => p.Name))}; disruptions {string.Join(", ", steps.Select(s => s.What))}");

        var clock = Stopwatch.StartNew();
        var disruptions = new List<Disruption>();
        await using var load = ChaosLoad.Start(cluster.WebhookPort, sink, options.RelayClients, options.PairClients, options.Rate);
        for (var i = 0; i < steps.Count; i++)
        {
            var due = (int)((long)options.Events * (i + 1) / (steps.Count + 1));
            while (load.Accepted < due)
            {
                await Task.Delay(100);
            }

            var (what, act) = steps[i];
            var at = clock.Elapsed;
            var accepted = load.Accepted;
            await act();
            var back = clock.Elapsed - at;
            var healthy = await AllHealthyAsync(cluster) ? clock.Elapsed - at : (TimeSpan?)null;
            disruptions.Add(new Disruption(what, at.TotalSeconds, accepted, back.TotalSeconds, healthy?.TotalSeconds));
            log($"chaos: {what} at {at.TotalSeconds:F1} s ({accepted} accepted): back after {back.TotalSeconds:F1} s, all healthy after {(healthy is { } h ? $"{h.TotalSeconds:F1} s" : $"more than {HealthyWithin.TotalSeconds} s")}");
        }

        while (load.Accepted < options.Events)
        {
            await Task.Delay(100);
        }

        await load.StopAsync();
        var loadSeconds = clock.Elapsed.TotalSeconds;
        log($"chaos: load stopped at {loadSeconds:F1} s: {load.Relayed.Count} relay and {load.Paired.Count} pair events accepted, {load.Refusals} refusals retried, {load.Unanswered} unanswered");

        var started = DateTimeOffset.UtcNow - clock.Elapsed;
        var drainDeadline = clock.Elapsed + DrainWithin;
        while (clock.Elapsed < drainDeadline && Count(load, sink, started).Any(t => t.Lost > 0))
        {
            await Task.Delay(500);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        var drainSeconds = clock.Elapsed.TotalSeconds - loadSeconds;
        var triggers = Count(load, sink, started);
        var findings = Findings(load, sink, started, disruptions);
        var triggerSeconds = new[] { ChaosSpecs.RelayPath, "/pair" }
            .Select(path => sink.Requests.Where(r => r.Path.StartsWith(path, StringComparison.Ordinal)).Select(r => (r.At - started).TotalSeconds).DefaultIfEmpty(0).Max())
            .ToList();
        var repeatSeconds = new[] { ChaosSpecs.RelayPath, "/pair" }
            .Select(path => (IReadOnlyList<double>)[.. sink.Requests.Where(r => r.Path.StartsWith(path, StringComparison.Ordinal) && r.Headers.ContainsKey("X-Events-Firing-Id"))
                .GroupBy(r => r.Headers["X-Events-Firing-Id"]).SelectMany(g => g.OrderBy(r => r.At).Skip(1)).Select(r => Math.Round((r.At - started).TotalSeconds, 1)).Order()])
            .ToList();
        if (triggers.Any(t => t.Lost > 0 || t.Duplicates > 0))
        {
            log($"chaos: the logs of the run are in {Path.Combine(infrastructure.LogDirectory, "chaos")}\n{cluster.LogTails}");
        }

        return new ChaosResult(options, [.. cluster.Processes.Select(p => p.Name)], triggers, triggerSeconds, repeatSeconds, disruptions, findings, load.Refusals, load.Unanswered, loadSeconds, drainSeconds);
    }

    /// <summary>The two triggers: name, what the load had accepted for it, how it keeps events, and its deliveries.</summary>
    private static IEnumerable<(string Trigger, List<SentEvent> Accepted, TriggerKeeps Keeps, List<Delivery> Deliveries)> Triggers(ChaosLoad load, HttpSink sink, DateTimeOffset started)
    {
        var deliveries = sink.Requests.Select(r => ChaosLoad.DeliveryOf(r) is { } d ? d with { AtSeconds = (r.At - started).TotalSeconds } : null).OfType<Delivery>().ToList();
        yield return ("a (relay)", [.. load.Relayed], TriggerKeeps.EveryEvent, [.. deliveries.Where(d => d.Events.Count == 1)]);
        yield return ("a && b (pair)", [.. load.Paired], TriggerKeeps.LatestPerDependency, [.. deliveries.Where(d => d.Events.Count == 2)]);
    }

    private static IReadOnlyList<TriggerFigures> Count(ChaosLoad load, HttpSink sink, DateTimeOffset started) =>
        [.. Triggers(load, sink, started).Select(t => ChaosTally.Count(t.Trigger, t.Accepted, t.Deliveries, t.Keeps))];

    private static IReadOnlyList<EventFinding> Findings(ChaosLoad load, HttpSink sink, DateTimeOffset started, IReadOnlyList<Disruption> disruptions)
    {
        var attempts = load.Answers.ToDictionary(
            kv => kv.Key,
            kv => (IReadOnlyList<AttemptSeen>)[.. kv.Value.OrderBy(a => a.Attempt).Select(a => new AttemptSeen(a.Attempt, a.Answer, Math.Round((a.SentAt - started).TotalSeconds, 1), Math.Round((a.AnsweredAt - started).TotalSeconds, 1)))]);
        return [.. Triggers(load, sink, started).SelectMany(t => ChaosFindings.Of(t.Trigger, t.Accepted, t.Deliveries, t.Keeps, attempts, disruptions))];
    }

    /// <summary>The disruptions, in the seed's order.</summary>
    private static List<(string What, Func<Task> Act)> Steps(DurableCluster cluster, DurableServers servers, Random random)
    {
        var steps = new List<(string, Func<Task>)>
        {
            ("kill -9 ingress", () => KillAndStartAsync(cluster["ingress"])),
            ("kill -9 bus-gateway", () => KillAndStartAsync(cluster["bus-gateway"])),
            ("kill -9 sensor-state (replica 1)", () => KillAndStartAsync(cluster["sensor-state"])),
            ("kill -9 sensor-state (replica 2)", () => KillAndStartAsync(cluster["sensor-state-2"])),
            ("kill -9 trigger-dispatch (replica 1)", () => KillAndStartAsync(cluster["trigger-dispatch"])),
            ("kill -9 trigger-dispatch (replica 2)", () => KillAndStartAsync(cluster["trigger-dispatch-2"])),
            ("restart RabbitMQ", async () =>
            {
                await servers.Rabbit.StopAsync();
                await Task.Delay(TimeSpan.FromSeconds(2));
                await servers.Rabbit.StartAgainAsync();
            }),
            ("restart PostgreSQL (immediate stop)", servers.Postgres.RestartAsync),
        };
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(steps));
        return steps;
    }

    private static async Task KillAndStartAsync(ServiceProcess process)
    {
        process.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await process.StartAsync(TimeSpan.FromSeconds(90));
    }

    private static async Task<bool> AllHealthyAsync(DurableCluster cluster)
    {
        var deadline = DateTime.UtcNow + HealthyWithin;
        while (DateTime.UtcNow < deadline)
        {
            var answers = await Task.WhenAll(cluster.Processes.Select(p => p.HealthAsync()));
            if (answers.All(a => a == HttpStatusCode.OK))
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }
}
