namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// When a failed message is tried again, and after how long. A failure because the state database is away
/// (<see cref="TransientFailures"/>) waits on the next of the <see cref="Transient"/> intervals while any is left; any
/// other failure, and a transient one once those are used up, waits on the next of the <see cref="Redeliveries"/>. A
/// message is tried at most <c>1 + Transient.Count + Redeliveries.Count</c> times.
/// </summary>
public sealed class RedeliverySchedule(IReadOnlyList<TimeSpan> redeliveries, IReadOnlyList<TimeSpan> transient)
{
    public IReadOnlyList<TimeSpan> Redeliveries { get; } = redeliveries;

    public IReadOnlyList<TimeSpan> Transient { get; } = transient;

    /// <summary>Any retry at all: the endpoint needs a retry filter.</summary>
    public bool Any => Redeliveries.Count > 0 || Transient.Count > 0;

    /// <summary>The retry after a failure, given the intervals already used; <c>null</c>: the message faults.</summary>
    public RedeliveryStep? Next(RedeliveryStep used, bool transient)
    {
        if (transient && used.TransientUsed < Transient.Count)
        {
            return used with { TransientUsed = used.TransientUsed + 1, Delay = Transient[used.TransientUsed] };
        }

        return used.RedeliveriesUsed < Redeliveries.Count
            ? used with { RedeliveriesUsed = used.RedeliveriesUsed + 1, Delay = Redeliveries[used.RedeliveriesUsed] }
            : null;
    }

    public static RedeliverySchedule From(BusOptions options) => new(
        options.RetryIntervals().Select(ms => TimeSpan.FromMilliseconds(ms)).ToArray(),
        options.TransientRetryIntervals().Select(ms => TimeSpan.FromMilliseconds(ms)).ToArray());
}

/// <summary>How many intervals of each kind a message's retries used, and the wait before the latest.</summary>
public readonly record struct RedeliveryStep(int TransientUsed, int RedeliveriesUsed, TimeSpan Delay)
{
    public static RedeliveryStep None => default;
}
