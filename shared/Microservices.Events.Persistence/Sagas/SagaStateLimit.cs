using MassTransit;

namespace Microservices.Events.Persistence.Sagas;

/// <summary>A saga whose state can say which instance it is (e.g. <c>sensor s trigger t</c>), for messages about its row.</summary>
public interface IDescribedSaga
{
    string Describe();
}

/// <summary>
/// A saga row written larger than <see cref="StateOptions.MaxSagaStateBytes"/>: the write is refused, nothing of the
/// message's change is saved, and the message faults (to its endpoint's <c>_error</c> queue after the bus's retries).
/// </summary>
public sealed class SagaStateTooLargeException(string message, Type sagaType, Guid correlationId) : SagaException(message, sagaType, correlationId);

/// <summary>
/// The bound on one saga row: the instance as JSON, in UTF-8 bytes as the database receives it, checked where the row
/// is written. An instance over it is refused with <see cref="SagaStateTooLargeException"/> and counted
/// (<see cref="StateTelemetry.SagaRowsRefused"/>).
/// </summary>
public static class SagaStateLimit
{
    /// <summary>The size of <paramref name="utf8"/>, a row's JSON in UTF-8, when it is over <paramref name="maxBytes"/>; null within it.</summary>
    public static int? Excess(byte[] utf8, int maxBytes) => utf8.Length > maxBytes ? utf8.Length : null;

    /// <summary>The refusal's message: the table, the instance, its size and the limit.</summary>
    public static string Refusal(string table, string instance, int bytes, int maxBytes) =>
        $"{table}: the state of {instance} would be {bytes} bytes, over {StateOptions.Section}:{nameof(StateOptions.MaxSagaStateBytes)} ({maxBytes}); " +
        "the message is refused and the state kept as it was";

    /// <summary>Throws <see cref="SagaStateTooLargeException"/> (and counts it) when <paramref name="data"/>, the row of <paramref name="instance"/> in UTF-8, is over the limit.</summary>
    public static void Enforce<TSaga>(string table, TSaga instance, byte[] data, int maxBytes)
        where TSaga : class, ISaga
    {
        if (Excess(data, maxBytes) is not { } bytes)
        {
            return;
        }

        StateTelemetry.SagaRowsRefused.Add(1, new KeyValuePair<string, object?>("table", table));
        var name = instance is IDescribedSaga described ? described.Describe() : $"instance {instance.CorrelationId}";
        throw new SagaStateTooLargeException(Refusal(table, name, bytes, maxBytes), typeof(TSaga), instance.CorrelationId);
    }
}
