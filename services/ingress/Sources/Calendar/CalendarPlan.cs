using System.Globalization;
using Cronos;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Ingress.Sources.Calendar;

/// <summary>
/// When a calendar event fires next: the cron <c>schedule</c> (in <c>timezone</c>) wins over <c>interval</c> (aligned to
/// the Unix epoch); exclusion dates are skipped.
/// </summary>
public sealed class CalendarPlan
{
    private const int MaxSkippedTicks = 100_000;
    private readonly CronExpression? _cron;
    private readonly TimeSpan _interval;
    private readonly TimeZoneInfo _zone;
    private readonly HashSet<DateOnly> _excluded;

    private CalendarPlan(CronExpression? cron, TimeSpan interval, TimeZoneInfo zone, HashSet<DateOnly> excluded)
    {
        _cron = cron;
        _interval = interval;
        _zone = zone;
        _excluded = excluded;
    }

    public TimeZoneInfo Zone => _zone;

    public static CalendarPlan? TryCreate(CalendarEventSource spec)
    {
        CronExpression? cron = null;
        if (!string.IsNullOrWhiteSpace(spec.Schedule) && !CronSchedule.TryParse(spec.Schedule, out cron, out _))
        {
            return null;
        }

        var interval = TimeSpan.Zero;
        if (cron is null && (!GoDuration.TryParse(spec.Interval, out interval) || interval <= TimeSpan.Zero))
        {
            return null;
        }

        if (!CronSchedule.TryFindTimeZone(spec.Timezone, out var zone))
        {
            return null;
        }

        var excluded = new HashSet<DateOnly>();
        foreach (var text in spec.ExclusionDates ?? [])
        {
            if (ExclusionDate.TryParse(text, out var date))
            {
                excluded.Add(date);
            }
        }

        return new CalendarPlan(cron, interval, zone, excluded);
    }

    /// <summary>The first tick strictly after <paramref name="after"/> that is not on an excluded date, or null if none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var candidate = after;
        for (var i = 0; i < MaxSkippedTicks; i++)
        {
            DateTimeOffset? next = _cron is not null
                ? _cron.GetNextOccurrence(candidate, _zone)
                : NextMultipleOfInterval(candidate);
            if (next is null)
            {
                return null;
            }

            if (!_excluded.Contains(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(next.Value, _zone).DateTime)))
            {
                return next;
            }

            candidate = next.Value;
        }

        return null;
    }

    /// <summary>
    /// Interval ticks fall on whole multiples of the interval since the Unix epoch, so every replica (and a restarted
    /// process) computes the same tick times and therefore the same tick ids.
    /// </summary>
    private DateTimeOffset NextMultipleOfInterval(DateTimeOffset after)
    {
        var ticks = after.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var elapsed = ticks - (ticks % _interval.Ticks);
        return DateTimeOffset.UnixEpoch.AddTicks(elapsed + _interval.Ticks);
    }

    /// <summary>Go's default time format, as Argo writes <c>eventTime</c>: <c>2006-01-02 15:04:05.999999999 -0700 MST</c>.</summary>
    public string FormatEventTime(DateTimeOffset time)
    {
        var local = TimeZoneInfo.ConvertTime(time, _zone);
        var fraction = local.ToString("fffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var hhmm = $"{sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00}";
        var abbreviation = _zone == TimeZoneInfo.Utc ? "UTC" : offset.Minutes == 0 ? $"{sign}{Math.Abs(offset.Hours):00}" : hhmm;
        return $"{local:yyyy-MM-dd HH:mm:ss}{(fraction.Length > 0 ? "." + fraction : "")} {hhmm} {abbreviation}";
    }
}
