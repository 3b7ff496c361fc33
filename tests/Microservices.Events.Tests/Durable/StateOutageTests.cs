using System.Diagnostics;
using Microservices.Events.Tests.Durable.Chaos;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The state database (PostgreSQL) stopped as a crash would for longer than a few redeliveries take, while events
/// flow through the four services: bus-gateway's de-duplication claims, the firing ledger and the triggers' state fail
/// until it is back, and no event accepted meanwhile may end up in an <c>_error</c> queue instead of firing.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class StateOutageTests(DurableInfrastructure infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How long the database stays stopped.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(8);

    private RelaySink _relay = null!;

    public async Task InitializeAsync() => _relay = await RelaySink.StartAsync();

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task Events_accepted_while_the_state_database_is_down_fire_once_it_is_back()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var servers = await DurableServers.StartOwnAsync();
        await using var cluster = await DurableCluster.StartAsync(servers, infrastructure, "state_outage", null,
            ("hooks.yaml", DurableSpecs.EventSource), ("sensors.yaml", DurableSpecs.Sensors(_relay.Sink.BaseUrl)));
        var load = RetryingLoad.Start(cluster.WebhookPort, clients: 4);
        try
        {
            Assert.True(await Eventually.HoldsAsync(() => _relay.Fired.Count >= 50, TimeSpan.FromSeconds(60)), $"nothing fired before the outage\n{cluster.LogTails}");

            // Stopped as a crash would, then started again on its data.
            var clock = Stopwatch.StartNew();
            await servers.Postgres.RestartAsync(Outage);
            var back = DateTimeOffset.UtcNow;
            output.WriteLine($"database away for {clock.Elapsed.TotalSeconds:F1} s; {load.Accepted.Count} events accepted by then");

            // The load goes on until the webhooks have taken a few events after the database came back.
            Assert.True(await Eventually.HoldsAsync(() => load.Accepted.Values.Count(at => at > back) >= 20, TimeSpan.FromSeconds(60)), $"no event accepted after the outage\n{cluster.LogTails}");
        }
        finally
        {
            await load.DisposeAsync();
        }

        HashSet<int> accepted = [.. load.Accepted.Keys.Where(n => RetryingLoad.PathOf(n) == "/c")];
        var drained = await Eventually.HoldsAsync(() => accepted.All(_relay.Fired.ContainsKey), TimeSpan.FromSeconds(120));
        var lost = accepted.Where(n => !_relay.Fired.ContainsKey(n)).Order().ToList();
        var queues = await servers.Rabbit.ListQueuesAsync(cluster.VirtualHost);
        var errors = queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Ready + q.Unacknowledged > 0).Select(q => $"{q.Name} {q.Ready + q.Unacknowledged}").ToList();
        output.WriteLine($"{accepted.Count} relay events accepted, {lost.Count} not fired; error queues: {(errors.Count == 0 ? "empty" : string.Join(", ", errors))}");
        Assert.True(drained && errors.Count == 0,
            $"{lost.Count} of {accepted.Count} accepted events not fired (first: {string.Join(", ", lost.Take(10))}); messages in error queues: {(errors.Count == 0 ? "none" : string.Join(", ", errors))}\n{cluster.LogTails}");
    }
}
