using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Failures;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Persistence;

/// <summary>trigger-dispatch's failed firings on every state provider: stored, listed newest first, marked re-driven, expired.</summary>
[Collection(StateCollection.Name)]
public sealed class FailedFiringStoreTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static FailedFiring Failure(int n, string sensor, DateTimeOffset at) => new()
    {
        FiringId = Guid.Parse($"00000000-0000-5000-8000-{n:D12}"),
        Sensor = sensor,
        Trigger = "call",
        Kind = "http",
        FailedAt = at,
        Attempts = 3,
        LastError = $"POST http://sink/hook answered 50{n}",
        DeadLetter = n == 1 ? "log succeeded after 1 attempt(s): logged" : null,
        Request = "{\"firingId\":\"" + n + "\",\"events\":{\"dep\":{\"id\":\"e" + n + "\"}}}",
        Resolved = n == 1 ? null : """{"template":{"name":"call"},"payload":{"a":1}}""",
        RedriveOf = n == 3 ? Guid.Parse("00000000-0000-5000-8000-000000000001") : null,
    };

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task A_stored_failure_reads_back_field_for_field_and_lists_newest_first(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = process.GetRequiredService<IFailedFiringStore>();
        var failures = new[] { Failure(1, "a", T0), Failure(2, "b", T0.AddMinutes(1)), Failure(3, "a", T0.AddMinutes(2)) };
        foreach (var failure in failures)
        {
            await store.SaveAsync(failure);
        }

        Assert.Equal(failures[0], await store.GetAsync(failures[0].FiringId));
        Assert.Equal(failures[2], await store.GetAsync(failures[2].FiringId));
        Assert.Null(await store.GetAsync(Guid.NewGuid()));
        Assert.Equal([3, 2, 1], (await store.ListAsync(null, 10)).Select(f => f.FiringId.ToString()[^1] - '0'));
        Assert.Equal([3, 1], (await store.ListAsync("a", 10)).Select(f => f.FiringId.ToString()[^1] - '0'));
        Assert.Single(await store.ListAsync(null, 1));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task A_redrive_is_recorded_and_a_failure_stored_again_replaces_the_earlier_one(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = process.GetRequiredService<IFailedFiringStore>();
        var failure = Failure(2, "b", T0);
        await store.SaveAsync(failure);
        var redrive = Guid.NewGuid();

        Assert.True(await store.MarkRedrivenAsync(failure.FiringId, redrive, T0.AddMinutes(5)));
        Assert.False(await store.MarkRedrivenAsync(Guid.NewGuid(), redrive, T0));
        var marked = await store.GetAsync(failure.FiringId);
        Assert.Equal(redrive, marked!.RedriveFiringId);
        Assert.Equal(T0.AddMinutes(5), marked.RedrivenAt);

        await store.SaveAsync(failure with { Attempts = 7, LastError = "timed out" });
        var replaced = await store.GetAsync(failure.FiringId);
        Assert.Equal((7, "timed out"), (replaced!.Attempts, replaced.LastError));
        Assert.Single(await store.ListAsync(null, 10));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("InMemory")]
    public async Task The_cleanup_deletes_failures_past_their_retention(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        var time = new ManualTime(T0.AddDays(10));
        await using var process = StateProcess.Start(backend, time, o => o.FailedFiringRetentionDays = 7);
        var store = process.GetRequiredService<IFailedFiringStore>();
        await store.SaveAsync(Failure(1, "a", T0));
        await store.SaveAsync(Failure(2, "a", T0.AddDays(4)));

        await process.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ExpiredStateCleanup>().Single().RunOnceAsync();

        Assert.Equal([2], (await store.ListAsync(null, 10)).Select(f => f.FiringId.ToString()[^1] - '0'));
    }
}
