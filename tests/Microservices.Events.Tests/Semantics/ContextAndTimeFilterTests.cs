using System.Globalization;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

public sealed class ContextAndTimeFilterTests
{
    private static readonly EventEnvelope Calendar = new() { Type = "calendar", Source = "calendar-gateway", Subject = "example-1", Id = "1" };
    private static readonly EventEnvelope Webhook = new() { Type = "webhook", Source = "webhook-gateway", Subject = "example-1", Id = "1", SpecVersion = "0.3" };

    [Fact]
    public void C01_a_context_field_that_differs_fails() =>
        Assert.False(ContextFilter.Evaluate(new EventContext { Type = "webhook" }, Calendar).Pass);

    [Fact]
    public void C02_unset_filter_fields_are_ignored() =>
        Assert.True(ContextFilter.Evaluate(new EventContext { Type = "webhook", Source = "webhook-gateway" }, Webhook).Pass);

    [Fact]
    public void C03_a_filter_without_an_event_fails() =>
        Assert.False(ContextFilter.Evaluate(new EventContext(), null).Pass);

    [Fact]
    public void C04_no_filter_passes() =>
        Assert.True(ContextFilter.Evaluate(null, Calendar).Pass);

    [Theory]
    // T02: start inclusive, stop exclusive
    [InlineData("08:09:10", "16:17:18", null, "00:00:00", false)]
    [InlineData("08:09:10", "16:17:18", null, "04:05:06", false)]
    [InlineData("08:09:10", "16:17:18", null, "08:09:10", true)]
    [InlineData("08:09:10", "16:17:18", null, "12:13:14", true)]
    [InlineData("08:09:10", "16:17:18", null, "16:17:18", false)]
    [InlineData("08:09:10", "16:17:18", null, "20:21:22", false)]
    // T03: stop before start wraps midnight
    [InlineData("16:17:18", "08:09:10", null, "00:00:00", true)]
    [InlineData("16:17:18", "08:09:10", null, "04:05:06", true)]
    [InlineData("16:17:18", "08:09:10", null, "08:09:10", false)]
    [InlineData("16:17:18", "08:09:10", null, "12:13:14", false)]
    [InlineData("16:17:18", "08:09:10", null, "16:17:18", true)]
    [InlineData("16:17:18", "08:09:10", null, "20:21:22", true)]
    public void Time_windows_are_half_open_and_wrap_midnight(string start, string stop, string? zone, string utcTime, bool pass)
    {
        var time = DateTimeOffset.Parse($"2024-07-15T{utcTime}Z", CultureInfo.InvariantCulture);

        Assert.Equal(pass, TimeWindowFilter.Evaluate(new TimeFilter { Start = start, Stop = stop, Timezone = zone }, time).Pass);
    }

    [Theory]
    [InlineData("09:00:00", "17:00:00", null, "2024-07-15T10:00:00Z", true)]                  // TZ01
    [InlineData("09:00:00", "17:00:00", "America/New_York", "2024-07-15T14:00:00Z", true)]    // TZ02
    [InlineData("09:00:00", "17:00:00", "America/New_York", "2024-07-15T12:00:00Z", false)]   // TZ03
    [InlineData("09:00:00", "17:00:00", "America/New_York", "2024-07-15T22:00:00Z", false)]   // TZ04
    [InlineData("10:00:00", "18:00:00", "Europe/London", "2024-07-15T10:00:00Z", true)]       // TZ05
    [InlineData("09:00:00", "17:00:00", "Asia/Tokyo", "2024-07-15T01:00:00Z", true)]          // TZ06
    [InlineData("22:00:00", "06:00:00", "America/New_York", "2024-07-15T02:00:00Z", true)]    // TZ08
    [InlineData("09:00:00", "17:00:00", "America/New_York", "2024-01-15T15:00:00Z", true)]    // TZ09
    public void Time_windows_apply_in_the_filter_timezone(string start, string stop, string? zone, string time, bool pass)
    {
        var result = TimeWindowFilter.Evaluate(new TimeFilter { Start = start, Stop = stop, Timezone = zone }, DateTimeOffset.Parse(time, CultureInfo.InvariantCulture));

        Assert.Equal(pass, result.Pass);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void TZ07_an_unknown_timezone_fails_with_an_error()
    {
        var result = TimeWindowFilter.Evaluate(new TimeFilter { Start = "09:00:00", Stop = "17:00:00", Timezone = "Invalid/Timezone" }, DateTimeOffset.UtcNow);

        Assert.False(result.Pass);
        Assert.Contains("invalid timezone", Assert.Single(result.Errors));
    }

    [Fact]
    public void A_malformed_time_fails_with_an_error()
    {
        var result = TimeWindowFilter.Evaluate(new TimeFilter { Start = "09:09:09", Stop = "10:10" }, DateTimeOffset.UtcNow);

        Assert.False(result.Pass);
        Assert.True(result.HasErrors);
    }
}
