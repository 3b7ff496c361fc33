namespace Microservices.Events.TriggerDispatch.Execution;

/// <summary>
/// Spreads executions evenly: each one gets the next free slot, <c>unit / requestsPerUnit</c> after the previous one
/// and never before it arrived. No burst builds up while idle, so any window of one unit holds at most
/// <c>requestsPerUnit + 1</c> starts (a token bucket that refills a whole period at once allows twice that at a
/// period boundary, Argo #2851).
/// </summary>
public sealed class EvenPacer(TimeSpan interval)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _last;

    public TimeSpan Interval { get; } = interval;

    /// <summary>The interval between two slots: a unit (<c>Second</c>, <c>Minute</c>, <c>Hour</c>; default Second) divided by the requests in it.</summary>
    public static TimeSpan IntervalOf(string? unit, int requestsPerUnit) =>
        TimeSpan.FromTicks(UnitLength(unit).Ticks / Math.Max(1, requestsPerUnit));

    public static TimeSpan UnitLength(string? unit) => unit switch
    {
        "Minute" => TimeSpan.FromMinutes(1),
        "Hour" => TimeSpan.FromHours(1),
        _ => TimeSpan.FromSeconds(1),
    };

    /// <summary>The slot after <paramref name="previous"/> for a request arriving at <paramref name="now"/>.</summary>
    public static DateTimeOffset NextSlot(DateTimeOffset? previous, DateTimeOffset now, TimeSpan interval) =>
        previous is { } last && last + interval > now ? last + interval : now;

    /// <summary>Takes the next slot for a request arriving at <paramref name="now"/>; returns how long it waits for it.</summary>
    public TimeSpan Reserve(DateTimeOffset now)
    {
        lock (_gate)
        {
            var slot = NextSlot(_last, now, Interval);
            _last = slot;
            return slot - now;
        }
    }
}
