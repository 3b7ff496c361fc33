using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microservices.Events.Persistence;

/// <summary>Metrics of the state store (meter <c>Microservices.Events.State</c>, exported with the services' own).</summary>
public static class StateTelemetry
{
    public const string MeterName = "Microservices.Events.State";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Saga writes that lost to another writer (insert of an existing id, update or delete of a stale version); each is retried.</summary>
    public static readonly Counter<long> SagaConflicts = Meter.CreateCounter<long>("state_saga_conflicts_total", description: "Saga writes that lost an optimistic concurrency race and were retried");

    /// <summary>Saga writes refused because the row was over <see cref="StateOptions.MaxSagaStateBytes"/>; tag <c>table</c>. The message that made it so faults.</summary>
    public static readonly Counter<long> SagaRowsRefused = Meter.CreateCounter<long>("state_saga_rows_refused_total", description: "Saga writes refused because the row was over State:MaxSagaStateBytes");

    /// <summary>Time one store operation took, round trips and (de)serialisation included; tags <c>table</c> and <c>operation</c>.</summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>("state_operation_duration", unit: "ms", description: "Duration of one state store operation");

    /// <summary>Size of the saga rows written (their JSON in UTF-8 bytes); tag <c>table</c>.</summary>
    public static readonly Histogram<long> SagaRowSize = Meter.CreateHistogram<long>("state_saga_row_size", unit: "By", description: "Size of the JSON of a saga row when written, in UTF-8 bytes");

    /// <summary>Consumed messages whose saga changes one row write saved together (hot instances write once per batch); tag <c>table</c>.</summary>
    public static readonly Histogram<long> SagaChangesPerWrite = Meter.CreateHistogram<long>("state_saga_changes_per_write", description: "Saga changes of consumed messages saved by one row write");

    /// <summary>Starts the conflict counter of <paramref name="table"/> at 0 for each write operation, and its refusal counter; returns the table's name.</summary>
    public static string KnowSagaTable(string table)
    {
        foreach (var operation in (string[])["insert", "update", "delete"])
        {
            SagaConflicts.Add(0, new KeyValuePair<string, object?>("table", table), new KeyValuePair<string, object?>("operation", operation));
        }

        SagaRowsRefused.Add(0, new KeyValuePair<string, object?>("table", table));

        return table;
    }

    /// <summary>Records the time since <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp) as one operation on <paramref name="table"/>.</summary>
    public static void Record(string table, string operation, long startedAt) =>
        OperationDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds,
            new KeyValuePair<string, object?>("table", table), new KeyValuePair<string, object?>("operation", operation));
}
