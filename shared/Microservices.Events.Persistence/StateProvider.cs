namespace Microservices.Events.Persistence;

/// <summary>Where saga state, de-duplication keys and the firing ledger live.</summary>
public enum StateProvider
{
    /// <summary>A SQLite file (WAL mode): the embedded default; survives restarts of one process.</summary>
    Sqlite,

    /// <summary>PostgreSQL: shared by every replica of every service.</summary>
    Postgres,

    /// <summary>Process memory: lost on restart. For tests and throw-away runs.</summary>
    InMemory,
}
