using Cronos;

namespace Microservices.Events.Specs.Time;

/// <summary>5-field cron expressions and IANA timezones, as Argo's calendar and conditionsReset use them.</summary>
public static class CronSchedule
{
    public static bool TryParse(string? text, out CronExpression? expression, out string? error)
    {
        expression = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty cron expression";
            return false;
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 && !text.TrimStart().StartsWith('@'))
        {
            error = $"cron \"{text}\" must have 5 fields (minute hour day-of-month month day-of-week), found {fields.Length}";
            return false;
        }

        try
        {
            expression = CronExpression.Parse(text.Trim(), CronFormat.Standard);
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"invalid cron \"{text}\": {ex.Message}";
            return false;
        }
    }

    public static bool TryFindTimeZone(string? name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrEmpty(name))
        {
            return true;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out zone!);
    }
}
