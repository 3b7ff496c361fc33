using Microservices.Events.Persistence.Calendar;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Persistence;

/// <summary>The latest tick of each calendar event, shared by the processes on one database; the in-memory provider behaves the same.</summary>
[Collection(StateCollection.Name)]
public sealed class CalendarTickStoreTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task The_latest_tick_is_kept_per_event_and_never_moves_back(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = process.GetRequiredService<ICalendarTickStore>();

        Assert.Null(await store.LastTickAsync("clock", "tick", default));
        await store.RecordAsync("clock", "tick", Noon, default);
        await store.RecordAsync("clock", "tick", Noon.AddMinutes(1), default);
        await store.RecordAsync("clock", "tick", Noon.AddSeconds(30), default);
        await store.RecordAsync("clock", "other", Noon.AddHours(1), default);

        Assert.Equal(Noon.AddMinutes(1), await store.LastTickAsync("clock", "tick", default));
        Assert.Equal(Noon.AddHours(1), await store.LastTickAsync("clock", "other", default));
        Assert.Null(await store.LastTickAsync("other-clock", "tick", default));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_tick_recorded_by_one_process_is_read_by_another(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using (var first = StateProcess.Start(backend))
        {
            await first.GetRequiredService<ICalendarTickStore>().RecordAsync("clock", "tick", Noon, default);
        }

        await using var second = StateProcess.Start(backend);
        Assert.Equal(Noon, await second.GetRequiredService<ICalendarTickStore>().LastTickAsync("clock", "tick", default));
    }
}
