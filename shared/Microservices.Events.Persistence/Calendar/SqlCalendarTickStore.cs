using System.Diagnostics;
using System.Globalization;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Schema;

namespace Microservices.Events.Persistence.Calendar;

/// <summary>
/// <see cref="ICalendarTickStore"/> over table <c>calendar_ticks</c> (times in Unix milliseconds). A record is one
/// upsert that only moves the tick forward, so replicas recording the same or older ticks never move it back.
/// </summary>
public sealed class SqlCalendarTickStore(StateDatabase database, StateSchema schema, TimeProvider time) : ICalendarTickStore
{
    private const string Table = "calendar_ticks";

    public async Task<DateTimeOffset?> LastTickAsync(string eventSource, string eventName, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var value = await database.ReadAsync(
            connection => connection.ScalarAsync($"SELECT last_tick FROM {Table} WHERE event_source = @source AND event_name = @name", cancellationToken, null,
                ("source", eventSource), ("name", eventName)),
            cancellationToken);
        StateTelemetry.Record(Table, "read", started);
        return value is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }

    public async Task RecordAsync(string eventSource, string eventName, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await database.WriteAsync(
            connection => connection.ExecuteAsync(
                $"INSERT INTO {Table} (event_source, event_name, last_tick, updated_at) VALUES (@source, @name, @tick, @now) " +
                $"ON CONFLICT (event_source, event_name) DO UPDATE SET last_tick = excluded.last_tick, updated_at = excluded.updated_at " +
                $"WHERE {Table}.last_tick < excluded.last_tick",
                cancellationToken, null,
                ("source", eventSource), ("name", eventName), ("tick", tick.ToUnixTimeMilliseconds()), ("now", time.GetUtcNow().ToUnixTimeMilliseconds())),
            cancellationToken);
        StateTelemetry.Record(Table, "record", started);
    }
}
