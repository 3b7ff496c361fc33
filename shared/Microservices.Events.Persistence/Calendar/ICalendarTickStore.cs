namespace Microservices.Events.Persistence.Calendar;

/// <summary>
/// The latest tick each calendar event fired, keyed by (event source, event name), shared by every ingress replica on
/// the same state database; read after a restart to catch up the ticks missed meanwhile.
/// </summary>
public interface ICalendarTickStore
{
    /// <summary>The scheduled time of the latest recorded tick, or null when none was recorded.</summary>
    Task<DateTimeOffset?> LastTickAsync(string eventSource, string eventName, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="tick"/> unless a later tick is already recorded (replicas may record out of order).</summary>
    Task RecordAsync(string eventSource, string eventName, DateTimeOffset tick, CancellationToken cancellationToken);
}
