using System.Globalization;
using Microservices.Events.Ingress.Sources.Calendar;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Tests.Ingress;

/// <summary>Tick ids and the catch-up window as pure functions.</summary>
public sealed class CalendarTicksTests
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public void A_tick_id_is_the_same_for_the_same_source_event_and_scheduled_time()
    {
        var id = CalendarTicks.Id("clock", "tick", At("2024-07-15T10:00:00Z"));

        Assert.Equal(id, CalendarTicks.Id("clock", "tick", At("2024-07-15T10:00:00Z")));
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Theory]
    [InlineData("other", "tick", "2024-07-15T10:00:00Z")]
    [InlineData("clock", "other", "2024-07-15T10:00:00Z")]
    [InlineData("clock", "tick", "2024-07-15T10:00:01Z")]
    [InlineData("clock\ntick", "", "2024-07-15T10:00:00Z")]
    public void A_tick_id_differs_when_the_source_the_event_or_the_time_differs(string source, string name, string time) =>
        Assert.NotEqual(CalendarTicks.Id("clock", "tick", At("2024-07-15T10:00:00Z")), CalendarTicks.Id(source, name, At(time)));

    [Theory]
    // catch-up off, nothing recorded, or a recorded tick not in the past: start from now
    [InlineData(false, "2024-07-15T09:00:00Z", null, "2024-07-15T10:00:00Z")]
    [InlineData(true, null, null, "2024-07-15T10:00:00Z")]
    [InlineData(true, "2024-07-15T10:00:05Z", null, "2024-07-15T10:00:00Z")]
    // catch-up from the recorded tick, no further back than maxDuration
    [InlineData(true, "2024-07-15T09:58:00Z", null, "2024-07-15T09:58:00Z")]
    [InlineData(true, "2024-07-15T09:58:00Z", "5m", "2024-07-15T09:58:00Z")]
    [InlineData(true, "2024-07-15T09:00:00Z", "5m", "2024-07-15T09:55:00Z")]
    public void A_calendar_resumes_after_the_recorded_tick_within_max_duration(bool catchup, string? recorded, string? maxDuration, string expected)
    {
        var now = At("2024-07-15T10:00:00Z");
        TimeSpan? max = GoDuration.TryParse(maxDuration, out var parsed) ? parsed : null;

        Assert.Equal(At(expected), CalendarTicks.ResumeAfter(now, recorded is null ? null : At(recorded), catchup, max));
    }

    [Fact]
    public void The_due_ticks_are_those_after_the_resume_point_up_to_now()
    {
        var plan = CalendarPlan.TryCreate(new CalendarEventSource { Schedule = "*/10 * * * *" })!;

        var due = CalendarTicks.Due(plan, At("2024-07-15T09:30:00Z"), At("2024-07-15T10:05:00Z")).ToList();

        Assert.Equal([At("2024-07-15T09:40:00Z"), At("2024-07-15T09:50:00Z"), At("2024-07-15T10:00:00Z")], due);
    }

    [Fact]
    public void Interval_ticks_fall_on_multiples_of_the_interval_whenever_the_calendar_starts()
    {
        var plan = CalendarPlan.TryCreate(new CalendarEventSource { Interval = "10s" })!;

        Assert.Equal(At("2024-07-15T10:00:10Z"), plan.Next(At("2024-07-15T10:00:03.250Z")));
        Assert.Equal(At("2024-07-15T10:00:10Z"), plan.Next(At("2024-07-15T10:00:07Z")));
        Assert.Equal(At("2024-07-15T10:00:20Z"), plan.Next(At("2024-07-15T10:00:10Z")));
    }
}
