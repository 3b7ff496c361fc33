namespace Microservices.Events.Ingress.Sources.Kafka;

/// <summary><c>limitEventsPerSecond</c> (pure): how long to wait before the next message so at most that many are handled per second.</summary>
public static class KafkaPacing
{
    /// <param name="limitPerSecond">The limit; 0 or less means none.</param>
    /// <param name="sincePrevious">Time since the previous message was taken.</param>
    public static TimeSpan Wait(long limitPerSecond, TimeSpan sincePrevious)
    {
        if (limitPerSecond <= 0)
        {
            return TimeSpan.Zero;
        }

        var interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / limitPerSecond);
        return sincePrevious >= interval ? TimeSpan.Zero : interval - sincePrevious;
    }
}
