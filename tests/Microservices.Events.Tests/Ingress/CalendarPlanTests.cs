using System.Globalization;
using Microservices.Events.Ingress.Sources.Calendar;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Ingress;

public sealed class CalendarPlanTests
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public void An_interval_ticks_that_long_after_the_previous_tick()
    {
        var plan = CalendarPlan.TryCreate(new CalendarEventSource { Interval = "1m30s" })!;

        Assert.Equal(At("2024-07-15T10:01:30Z"), plan.Next(At("2024-07-15T10:00:00Z")));
    }

    [Fact]
    public void A_schedule_wins_over_an_interval()
    {
        var plan = CalendarPlan.TryCreate(new CalendarEventSource { Schedule = "30 * * * *", Interval = "10s" })!;

        Assert.Equal(At("2024-07-15T10:30:00Z"), plan.Next(At("2024-07-15T10:00:00Z")));
        Assert.Equal(At("2024-07-15T11:30:00Z"), plan.Next(At("2024-07-15T10:30:00Z")));
    }

    [Fact]
    public void A_schedule_is_read_in_its_timezone()
    {
        var plan = CalendarPlan.TryCreate(new CalendarEventSource { Schedule = "0 9 * * *", Timezone = "America/New_York" })!;

        Assert.Equal(At("2024-07-15T13:00:00Z"), plan.Next(At("2024-07-15T10:00:00Z")));   // 09:00 EDT
        Assert.Equal(At("2024-01-15T14:00:00Z"), plan.Next(At("2024-01-15T10:00:00Z")));   // 09:00 EST
    }

    [Fact]
    public void Exclusion_dates_are_skipped_in_either_notation()
    {
        var plan = CalendarPlan.TryCreate(new CalendarEventSource
        {
            Schedule = "0 12 * * *",
            ExclusionDates = ["2024-07-16", "EXDATE:20240717T150405Z"],
        })!;

        Assert.Equal(At("2024-07-18T12:00:00Z"), plan.Next(At("2024-07-15T13:00:00Z")));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("not cron", null)]
    [InlineData(null, "soon")]
    [InlineData(null, "-5s")]
    public void An_unusable_calendar_has_no_plan(string? schedule, string? interval) =>
        Assert.Null(CalendarPlan.TryCreate(new CalendarEventSource { Schedule = schedule, Interval = interval }));

    [Fact]
    public void Event_time_is_written_in_Go_time_format()
    {
        var plan = CalendarPlan.TryCreate(new CalendarEventSource { Interval = "10s" })!;

        Assert.Equal("2024-07-15 10:00:00.5 +0000 UTC", plan.FormatEventTime(At("2024-07-15T10:00:00.5Z")));
    }
}
