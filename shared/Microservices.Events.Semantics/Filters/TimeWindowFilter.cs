using System.Globalization;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Semantics.Filters;

/// <summary>Passes events whose time of day (in the filter's timezone) is in [start, stop), wrapping midnight when stop &lt; start.</summary>
public static class TimeWindowFilter
{
    public static FilterResult Evaluate(TimeFilter? filter, DateTimeOffset eventTime)
    {
        if (filter is null)
        {
            return FilterResult.True;
        }

        if (!TimeOnly.TryParseExact(filter.Start, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) ||
            !TimeOnly.TryParseExact(filter.Stop, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var stop))
        {
            return FilterResult.Error($"time filter: start \"{filter.Start}\" and stop \"{filter.Stop}\" must be HH:MM:SS");
        }

        if (!CronSchedule.TryFindTimeZone(filter.Timezone, out var zone))
        {
            return FilterResult.Error($"time filter: invalid timezone \"{filter.Timezone}\"");
        }

        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(eventTime, zone).DateTime);
        var pass = stop < start
            ? local >= start || local < stop
            : local >= start && local < stop;
        return pass ? FilterResult.True : FilterResult.False;
    }
}
