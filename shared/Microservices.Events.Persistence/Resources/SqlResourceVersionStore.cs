using System.Diagnostics;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Schema;

namespace Microservices.Events.Persistence.Resources;

/// <summary><see cref="IResourceVersionStore"/> over table <c>resource_watch_versions</c>: one upsert per record.</summary>
public sealed class SqlResourceVersionStore(StateDatabase database, StateSchema schema, TimeProvider time) : IResourceVersionStore
{
    private const string Table = "resource_watch_versions";

    public async Task<string?> LastAsync(string eventSource, string eventName, string watch, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var value = await database.ReadAsync(
            connection => connection.ScalarAsync($"SELECT resource_version FROM {Table} WHERE event_source = @source AND event_name = @name AND watch = @watch", cancellationToken, null,
                ("source", eventSource), ("name", eventName), ("watch", watch)),
            cancellationToken);
        StateTelemetry.Record(Table, "read", started);
        return value as string;
    }

    public async Task RecordAsync(string eventSource, string eventName, string watch, string? resourceVersion, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await database.WriteAsync(
            connection => resourceVersion is null
                ? connection.ExecuteAsync($"DELETE FROM {Table} WHERE event_source = @source AND event_name = @name", cancellationToken, null,
                    ("source", eventSource), ("name", eventName))
                : connection.ExecuteAsync(
                    $"INSERT INTO {Table} (event_source, event_name, watch, resource_version, updated_at) VALUES (@source, @name, @watch, @version, @now) " +
                    "ON CONFLICT (event_source, event_name) DO UPDATE SET watch = excluded.watch, resource_version = excluded.resource_version, updated_at = excluded.updated_at",
                    cancellationToken, null,
                    ("source", eventSource), ("name", eventName), ("watch", watch), ("version", resourceVersion), ("now", time.GetUtcNow().ToUnixTimeMilliseconds())),
            cancellationToken);
        StateTelemetry.Record(Table, "record", started);
    }
}
