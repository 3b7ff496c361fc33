using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Claims;
using Microservices.Events.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Persistence;

/// <summary>
/// bus-gateway's de-duplication store and trigger-dispatch's firing ledger. Two service providers on one database stand
/// for two processes; the clock is moved by hand. The in-memory provider must behave the same.
/// </summary>
[Collection(StateCollection.Name)]
public sealed class ClaimStoreTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ManualTime _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task A_confirmed_event_is_a_duplicate_inside_the_window_and_new_after_it(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend, _time);
        var store = process.GetRequiredService<DeduplicationStore>();

        Assert.Equal(ClaimOutcome.Claimed, await store.TryReserveAsync("webhook", "e1", Window));
        Assert.True(await store.ConfirmAsync("webhook", "e1", Window));
        Assert.Equal(ClaimOutcome.Completed, await store.TryReserveAsync("webhook", "e1", Window));
        Assert.Equal(ClaimOutcome.Claimed, await store.TryReserveAsync("other-source", "e1", Window));

        _time.Now += Window - TimeSpan.FromSeconds(1);
        Assert.Equal(ClaimOutcome.Completed, await store.TryReserveAsync("webhook", "e1", Window));
        _time.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(ClaimOutcome.Claimed, await store.TryReserveAsync("webhook", "e1", Window));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task A_released_reservation_lets_the_redelivery_publish(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend, _time);
        var store = process.GetRequiredService<DeduplicationStore>();

        Assert.Equal(ClaimOutcome.Claimed, await store.TryReserveAsync("webhook", "e1", Window));
        await store.ReleaseAsync("webhook", "e1");

        Assert.Equal(ClaimOutcome.Claimed, await store.TryReserveAsync("webhook", "e1", Window));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_reservation_left_by_a_dead_process_lapses_after_the_lease(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var dead = StateProcess.Start(backend, _time);
        await using var alive = StateProcess.Start(backend, _time);
        var lease = dead.GetRequiredService<DeduplicationStore>().Lease;

        Assert.Equal(ClaimOutcome.Claimed, await dead.GetRequiredService<DeduplicationStore>().TryReserveAsync("webhook", "e1", Window));
        Assert.Equal(ClaimOutcome.InProgress, await alive.GetRequiredService<DeduplicationStore>().TryReserveAsync("webhook", "e1", Window));
        await alive.GetRequiredService<DeduplicationStore>().ReleaseAsync("webhook", "e1");
        Assert.Equal(ClaimOutcome.InProgress, await alive.GetRequiredService<DeduplicationStore>().TryReserveAsync("webhook", "e1", Window));

        _time.Now += lease;
        Assert.Equal(ClaimOutcome.Claimed, await alive.GetRequiredService<DeduplicationStore>().TryReserveAsync("webhook", "e1", Window));
        Assert.False(await dead.GetRequiredService<DeduplicationStore>().ConfirmAsync("webhook", "e1", Window));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task A_completed_firing_is_never_claimed_again_inside_the_window(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend, _time);
        var ledger = process.GetRequiredService<FiringLedgerStore>();
        var firing = Guid.NewGuid();

        Assert.Equal(ClaimOutcome.Claimed, await ledger.TryClaimAsync(firing));
        Assert.Equal(ClaimOutcome.InProgress, await ledger.TryClaimAsync(firing));
        Assert.True(await ledger.CompleteAsync(firing, TimeSpan.FromHours(1)));

        _time.Now += ledger.Lease * 10;
        Assert.Equal(ClaimOutcome.Completed, await ledger.TryClaimAsync(firing));
        Assert.Equal(ClaimOutcome.Completed, await ledger.ClaimAsync(firing));
        _time.Now += TimeSpan.FromHours(1);
        Assert.Equal(ClaimOutcome.Claimed, await ledger.TryClaimAsync(firing));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_claim_of_a_dead_process_is_taken_over_after_the_lease_unless_renewed(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var first = StateProcess.Start(backend, _time);
        await using var second = StateProcess.Start(backend, _time);
        var running = first.GetRequiredService<FiringLedgerStore>();
        var other = second.GetRequiredService<FiringLedgerStore>();
        var firing = Guid.NewGuid();

        Assert.Equal(ClaimOutcome.Claimed, await running.TryClaimAsync(firing));
        _time.Now += running.Lease / 2;
        Assert.True(await running.RenewAsync(firing));
        _time.Now += running.Lease / 2 + TimeSpan.FromSeconds(1);
        Assert.Equal(ClaimOutcome.InProgress, await other.TryClaimAsync(firing));

        _time.Now += running.Lease;
        Assert.Equal(ClaimOutcome.Claimed, await other.TryClaimAsync(firing));
        Assert.False(await running.RenewAsync(firing));
        Assert.False(await running.CompleteAsync(firing, Window));
        await running.ReleaseAsync(firing);
        Assert.Equal(ClaimOutcome.InProgress, await running.TryClaimAsync(firing));
        Assert.True(await other.CompleteAsync(firing, Window));
        Assert.Equal(ClaimOutcome.Completed, await running.TryClaimAsync(firing));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_running_firing_keeps_its_claim_past_the_lease_and_lets_it_lapse_once_done(string provider)
    {
        // The real clock: the renewal waits a third of the lease (1 s) between renewals.
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var first = StateProcess.Start(backend, configure: o => o.FiringLeaseSeconds = 3);
        await using var second = StateProcess.Start(backend, configure: o => o.FiringLeaseSeconds = 3);
        var running = first.GetRequiredService<FiringLedgerStore>();
        var other = second.GetRequiredService<FiringLedgerStore>();
        var firing = Guid.NewGuid();

        Assert.Equal(ClaimOutcome.Claimed, await running.TryClaimAsync(firing));
        var renewal = running.KeepClaimed(firing);
        await Task.Delay(running.Lease + TimeSpan.FromSeconds(1.5));
        Assert.Equal(ClaimOutcome.InProgress, await other.TryClaimAsync(firing));

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await renewal.DisposeAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(1), $"stopping the renewal took {stopping.Elapsed}");

        // No renewal after it stopped: the claim lapses one lease after the last one at most.
        Assert.True(await Eventually.HoldsAsync(async () => await other.TryClaimAsync(firing) == ClaimOutcome.Claimed, running.Lease + TimeSpan.FromSeconds(2)));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task A_released_firing_is_claimed_by_the_retry(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend, _time);
        var ledger = process.GetRequiredService<FiringLedgerStore>();
        var firing = Guid.NewGuid();

        Assert.Equal(ClaimOutcome.Claimed, await ledger.TryClaimAsync(firing));
        await ledger.ReleaseAsync(firing);

        Assert.Equal(ClaimOutcome.Claimed, await ledger.TryClaimAsync(firing));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Waiting_for_a_claim_ends_when_its_holder_completes_it(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var first = StateProcess.Start(backend);
        await using var second = StateProcess.Start(backend);
        var firing = Guid.NewGuid();
        Assert.Equal(ClaimOutcome.Claimed, await first.GetRequiredService<FiringLedgerStore>().TryClaimAsync(firing));

        var waiting = second.GetRequiredService<FiringLedgerStore>().ClaimAsync(firing);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        await first.GetRequiredService<FiringLedgerStore>().CompleteAsync(firing, Window);

        Assert.Equal(ClaimOutcome.Completed, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task Only_one_of_many_concurrent_claims_wins(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        var processes = Enumerable.Range(0, 3).Select(_ => StateProcess.Start(backend)).ToList();
        try
        {
            var firings = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
            var attempts = await Task.WhenAll(
                from firing in firings
                from process in provider == "InMemory" ? processes.Take(1) : processes
                from attempt in Enumerable.Range(0, 3)
                select Task.Run(async () => (firing, await process.GetRequiredService<FiringLedgerStore>().TryClaimAsync(firing))));

            Assert.All(firings, f => Assert.Single(attempts, a => a.firing == f && a.Item2 == ClaimOutcome.Claimed));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task Cleanup_deletes_expired_keys_and_firings_and_keeps_live_ones(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend, _time);
        var store = process.GetRequiredService<DeduplicationStore>();
        var ledger = process.GetRequiredService<FiringLedgerStore>();
        var cleanup = process.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ExpiredStateCleanup>().Single();

        await store.TryReserveAsync("webhook", "short", Window);
        await store.ConfirmAsync("webhook", "short", TimeSpan.FromMinutes(1));
        await store.TryReserveAsync("webhook", "long", Window);
        await store.ConfirmAsync("webhook", "long", TimeSpan.FromHours(1));
        var abandoned = Guid.NewGuid();
        await ledger.TryClaimAsync(abandoned);
        var done = Guid.NewGuid();
        await ledger.TryClaimAsync(done);
        await ledger.CompleteAsync(done, TimeSpan.FromHours(1));

        Assert.Equal(0, await cleanup.RunOnceAsync());
        _time.Now += TimeSpan.FromMinutes(10);

        Assert.Equal(2, await cleanup.RunOnceAsync());
        Assert.Equal(1, await store.Table.CountAsync(default));
        Assert.Equal(1, await ledger.Table.CountAsync(default));
        Assert.Equal(ClaimOutcome.Completed, await store.TryReserveAsync("webhook", "long", Window));
        Assert.Equal(ClaimOutcome.Completed, await ledger.TryClaimAsync(done));
        Assert.Equal(ClaimOutcome.Claimed, await ledger.TryClaimAsync(abandoned));
    }
}
