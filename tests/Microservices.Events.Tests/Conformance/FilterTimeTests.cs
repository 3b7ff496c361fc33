using System.Globalization;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Argo's <c>pkg/sensors/dependencies/filter_time_test.go</c>: time-of-day windows, half open, wrapping midnight, in a timezone.</summary>
public sealed class FilterTimeTests
{
    /// <param name="Times">Event times (UTC) with the result expected for each.</param>
    /// <param name="Error">Text the error must contain; null when none is expected.</param>
    public sealed record Row(ArgoCase Case, TimeFilter? Filter, (string Time, bool Pass)[] Times, string? Error = null) : IArgoCase;

    private static readonly string[] Day = ["00:00:00", "04:05:06", "08:09:10", "12:13:14", "16:17:18", "20:21:22"];

    /// <summary>TestFilterTime: six times on one day, each with its result.</summary>
    private static Row Daily(string name, TimeFilter? filter, params bool[] results) =>
        new(new ArgoCase(ArgoCase.GoName("TestFilterTime", name)), filter, Day.Select((t, i) => ($"2024-07-15T{t}Z", results[i])).ToArray());

    private static Row Zoned(string name, string start, string stop, string? zone, string time, bool pass, string? error = null) =>
        new(new ArgoCase(ArgoCase.GoName("TestFilterTimeWithTimezone", name)), new TimeFilter { Start = start, Stop = stop, Timezone = zone }, [(time, pass)], error);

    public static readonly Row[] Cases =
    [
        Daily("no filter", null, true, true, true, true, true, true),
        Daily("start less than stop", new() { Start = "08:09:10", Stop = "16:17:18" }, false, false, true, true, false, false),
        Daily("stop less than start", new() { Start = "16:17:18", Stop = "08:09:10" }, true, true, false, false, true, true),
        Zoned("UTC timezone (default)", "09:00:00", "17:00:00", null, "2024-07-15T10:00:00Z", true),
        Zoned("America/New_York timezone - event passes", "09:00:00", "17:00:00", "America/New_York", "2024-07-15T14:00:00Z", true),
        Zoned("America/New_York timezone - event fails (too early)", "09:00:00", "17:00:00", "America/New_York", "2024-07-15T12:00:00Z", false),
        Zoned("America/New_York timezone - event fails (too late)", "09:00:00", "17:00:00", "America/New_York", "2024-07-15T22:00:00Z", false),
        Zoned("Europe/London timezone", "10:00:00", "18:00:00", "Europe/London", "2024-07-15T10:00:00Z", true),
        Zoned("Asia/Tokyo timezone", "09:00:00", "17:00:00", "Asia/Tokyo", "2024-07-15T01:00:00Z", true),
        Zoned("invalid timezone", "09:00:00", "17:00:00", "Invalid/Timezone", "2024-07-15T10:00:00Z", false, "invalid timezone"),
        Zoned("overnight window with timezone", "22:00:00", "06:00:00", "America/New_York", "2024-07-15T02:00:00Z", true),
        Zoned("winter timezone - America/New_York EST", "09:00:00", "17:00:00", "America/New_York", "2024-01-15T15:00:00Z", true),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Time_filters_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);

        foreach (var (time, pass) in c.Times)
        {
            var result = TimeWindowFilter.Evaluate(c.Filter, DateTimeOffset.Parse(time, CultureInfo.InvariantCulture));

            Assert.True(pass == result.Pass, $"{time}: pass {result.Pass}");
            if (c.Error is null)
            {
                Assert.False(result.HasErrors, string.Join("; ", result.Errors));
            }
            else
            {
                Assert.Contains(c.Error, Assert.Single(result.Errors));
            }
        }
    }

    public static IEnumerable<ArgoCase> Inventory => Cases.Select(c => c.Case);
}
