using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.Persistence;

/// <summary>
/// Configuration section <c>State</c>, plus the connection string <c>ConnectionStrings:State</c>.
/// </summary>
public sealed class StateOptions
{
    public const string Section = "State";

    /// <summary>Name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "State";

    /// <summary>SQLite file used when no connection string is set, relative to the content root.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=.state/events.db";

    public StateProvider Provider { get; set; } = StateProvider.Sqlite;

    /// <summary>From <c>ConnectionStrings:State</c>; for SQLite it defaults to <see cref="DefaultSqliteConnectionString"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a firing claimed by trigger-dispatch stays reserved without being renewed; after that another process may run it.</summary>
    [Range(1, 86_400)]
    public int FiringLeaseSeconds { get; set; } = 15;

    /// <summary>How long bus-gateway's reservation of an event id stays reserved before it is confirmed as published.</summary>
    [Range(1, 86_400)]
    public int DeduplicationLeaseSeconds { get; set; } = 30;

    /// <summary>How often expired de-duplication keys and ledger entries are deleted.</summary>
    [Range(1, 86_400)]
    public int CleanupIntervalSeconds { get; set; } = 60;

    /// <summary>How long a SQLite writer waits for the file lock held by another process.</summary>
    [Range(0, 600_000)]
    public int SqliteBusyTimeoutMilliseconds { get; set; } = 10_000;

    /// <summary>Default of <see cref="SqliteCheckpointIntervalMilliseconds"/>.</summary>
    public const int DefaultSqliteCheckpointIntervalMilliseconds = 250;

    /// <summary>
    /// How often a background connection copies SQLite's write-ahead log back into the state file (a passive
    /// checkpoint, beside the writers), where SQLite would do it inside the commit that filled the log to 1,000 pages.
    /// </summary>
    [Range(10, 60_000)]
    public int SqliteCheckpointIntervalMilliseconds { get; set; } = DefaultSqliteCheckpointIntervalMilliseconds;

    /// <summary>
    /// Saga rows this process keeps after writing or loading them, per saga type, so the next message of a busy saga
    /// does not read its row back (0: always read). A row changed by another process is caught by the version check
    /// of the next write, which then reads it afresh. A kept row also keeps the instance its last change was made on
    /// (handed to the next message), so each entry holds the row's JSON and, until a load takes it, its instance; the
    /// JSON of changes not yet written is made when a write takes them.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SagaCacheEntries { get; set; } = 1_000;

    /// <summary>
    /// The largest saga row, in UTF-8 bytes of its JSON: for a trigger, the events it holds per dependency, the events
    /// of its remembered firings and its duplicate window. A message whose change would write a larger row is refused
    /// (it faults to the <c>_error</c> queue, the row stays as it was). The default holds four events at bus-gateway's
    /// data limit (<c>Gateway:MaxDataBytes</c>, 16 MiB); at most PostgreSQL's limit for one value (1 GiB - 1).
    /// </summary>
    [Range(65_536, 1_073_741_823)]
    public int MaxSagaStateBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Claims and completions (bus-gateway's de-duplication keys, trigger-dispatch's firing ledger) of concurrent
    /// messages written together, up to this many in one transaction; each message is acknowledged only after the
    /// transaction holding its write committed. 1 writes each in a statement of its own.
    /// </summary>
    [Range(1, 1_000)]
    public int ClaimBatchSize { get; set; } = 64;

    /// <summary>How long a failed firing is kept (for <c>events firings</c> and redrives) after it failed.</summary>
    [Range(1, 3650)]
    public int FailedFiringRetentionDays { get; set; } = 30;

    public TimeSpan FiringLease => TimeSpan.FromSeconds(FiringLeaseSeconds);

    public TimeSpan DeduplicationLease => TimeSpan.FromSeconds(DeduplicationLeaseSeconds);

    public TimeSpan CleanupInterval => TimeSpan.FromSeconds(CleanupIntervalSeconds);
}
