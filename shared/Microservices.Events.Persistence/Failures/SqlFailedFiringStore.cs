using System.Data.Common;
using System.Globalization;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Schema;

namespace Microservices.Events.Persistence.Failures;

/// <summary>
/// <see cref="IFailedFiringStore"/> over table <c>failed_firings</c>: ids as text, times as Unix milliseconds, the
/// request and the resolved template as JSON text, so one statement set serves SQLite and PostgreSQL.
/// </summary>
public sealed class SqlFailedFiringStore(StateDatabase database, StateSchema schema) : IFailedFiringStore
{
    private const string Columns =
        "firing_id, sensor, trigger_name, kind, failed_at, attempts, last_error, dead_letter, request, resolved, redrive_of, redrive_firing_id, redriven_at";

    public async Task SaveAsync(FailedFiring firing, CancellationToken cancellationToken = default)
    {
        await schema.EnsureAsync(cancellationToken);
        await database.WriteAsync(
            connection => connection.ExecuteAsync(
                $"INSERT INTO failed_firings ({Columns}) VALUES (@id, @sensor, @trigger, @kind, @failed_at, @attempts, @last_error, @dead_letter, @request, @resolved, @redrive_of, NULL, NULL) " +
                "ON CONFLICT (firing_id) DO UPDATE SET sensor = excluded.sensor, trigger_name = excluded.trigger_name, kind = excluded.kind, failed_at = excluded.failed_at, " +
                "attempts = excluded.attempts, last_error = excluded.last_error, dead_letter = excluded.dead_letter, request = excluded.request, resolved = excluded.resolved, " +
                "redrive_of = excluded.redrive_of",
                cancellationToken, null,
                ("id", Text(firing.FiringId)), ("sensor", firing.Sensor), ("trigger", firing.Trigger), ("kind", firing.Kind),
                ("failed_at", Millis(firing.FailedAt)), ("attempts", firing.Attempts), ("last_error", firing.LastError),
                ("dead_letter", firing.DeadLetter), ("request", firing.Request), ("resolved", firing.Resolved),
                ("redrive_of", firing.RedriveOf is { } of ? Text(of) : null)),
            cancellationToken);
    }

    public async Task<FailedFiring?> GetAsync(Guid firingId, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM failed_firings WHERE firing_id = @id", cancellationToken, ("id", Text(firingId)));
        return rows.FirstOrDefault();
    }

    public Task<IReadOnlyList<FailedFiring>> ListAsync(string? sensor, int limit, CancellationToken cancellationToken = default) =>
        sensor is null
            ? QueryAsync($"SELECT {Columns} FROM failed_firings ORDER BY failed_at DESC, firing_id LIMIT @limit", cancellationToken, ("limit", limit))
            : QueryAsync($"SELECT {Columns} FROM failed_firings WHERE sensor = @sensor ORDER BY failed_at DESC, firing_id LIMIT @limit", cancellationToken, ("sensor", sensor), ("limit", limit));

    public async Task<bool> MarkRedrivenAsync(Guid firingId, Guid redriveFiringId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await schema.EnsureAsync(cancellationToken);
        return await database.WriteAsync(
            connection => connection.ExecuteAsync(
                "UPDATE failed_firings SET redrive_firing_id = @redrive, redriven_at = @at WHERE firing_id = @id", cancellationToken, null,
                ("id", Text(firingId)), ("redrive", Text(redriveFiringId)), ("at", Millis(at))),
            cancellationToken) == 1;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await schema.EnsureAsync(cancellationToken);
        return await database.WriteAsync(
            connection => connection.ExecuteAsync("DELETE FROM failed_firings WHERE failed_at < @before", cancellationToken, null, ("before", Millis(before))),
            cancellationToken);
    }

    private async Task<IReadOnlyList<FailedFiring>> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await schema.EnsureAsync(cancellationToken);
        return await database.ReadAsync(async connection =>
        {
            await using var command = connection.Command(sql, null, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<FailedFiring>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(Read(reader));
            }

            return (IReadOnlyList<FailedFiring>)rows;
        }, cancellationToken);
    }

    private static FailedFiring Read(DbDataReader reader) => new()
    {
        FiringId = Guid.Parse(reader.GetString(0)),
        Sensor = reader.GetString(1),
        Trigger = reader.GetString(2),
        Kind = reader.GetString(3),
        FailedAt = FromMillis(reader.GetInt64(4)),
        Attempts = Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
        LastError = reader.GetString(6),
        DeadLetter = reader.IsDBNull(7) ? null : reader.GetString(7),
        Request = reader.GetString(8),
        Resolved = reader.IsDBNull(9) ? null : reader.GetString(9),
        RedriveOf = reader.IsDBNull(10) ? null : Guid.Parse(reader.GetString(10)),
        RedriveFiringId = reader.IsDBNull(11) ? null : Guid.Parse(reader.GetString(11)),
        RedrivenAt = reader.IsDBNull(12) ? null : FromMillis(reader.GetInt64(12)),
    };

    private static string Text(Guid id) => id.ToString("D");

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
