namespace Microservices.Events.Persistence.Schema;

/// <summary>
/// Every schema step in order. Append only: a released step never changes. Saga tables are not listed: each saga
/// registered with <c>SqlRepository()</c> gets its table created on start (<see cref="StateSchema.EnsureSagaTableAsync"/>).
/// Times in the claim tables are Unix milliseconds.
/// </summary>
public static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "de-duplication keys and firing ledger",
        [
            """
            CREATE TABLE dedup_keys (
                source TEXT NOT NULL,
                event_id TEXT NOT NULL,
                state SMALLINT NOT NULL,
                owner TEXT NOT NULL,
                claimed_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                PRIMARY KEY (source, event_id))
            """,
            "CREATE INDEX ix_dedup_keys_expires_at ON dedup_keys (expires_at)",
            """
            CREATE TABLE firing_ledger (
                firing_id TEXT NOT NULL PRIMARY KEY,
                state SMALLINT NOT NULL,
                owner TEXT NOT NULL,
                claimed_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX ix_firing_ledger_expires_at ON firing_ledger (expires_at)",
        ]),
        new(2, "failed firings",
        [
            """
            CREATE TABLE failed_firings (
                firing_id TEXT NOT NULL PRIMARY KEY,
                sensor TEXT NOT NULL,
                trigger_name TEXT NOT NULL,
                kind TEXT NOT NULL,
                failed_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL,
                last_error TEXT NOT NULL,
                dead_letter TEXT NULL,
                request TEXT NOT NULL,
                resolved TEXT NULL,
                redrive_of TEXT NULL,
                redrive_firing_id TEXT NULL,
                redriven_at BIGINT NULL)
            """,
            "CREATE INDEX ix_failed_firings_sensor_failed_at ON failed_firings (sensor, failed_at)",
            "CREATE INDEX ix_failed_firings_failed_at ON failed_firings (failed_at)",
        ]),
        new(3, "latest tick of each calendar event",
        [
            """
            CREATE TABLE calendar_ticks (
                event_source TEXT NOT NULL,
                event_name TEXT NOT NULL,
                last_tick BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (event_source, event_name))
            """,
        ]),
        new(4, "resourceVersion each resource event source's watch got to",
        [
            """
            CREATE TABLE resource_watch_versions (
                event_source TEXT NOT NULL,
                event_name TEXT NOT NULL,
                watch TEXT NOT NULL,
                resource_version TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (event_source, event_name))
            """,
        ]),
    ];

    public static int Latest => All[^1].Version;
}
