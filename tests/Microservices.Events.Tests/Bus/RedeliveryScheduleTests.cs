using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Tests.Bus;

/// <summary>Which wait follows each failure of a message (<see cref="RedeliverySchedule"/>), as a table of failure sequences.</summary>
public sealed class RedeliveryScheduleTests
{
    private static readonly RedeliverySchedule Schedule = new(
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(2000)],
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)]);

    /// <summary>
    /// <paramref name="failures"/>: T a database away, F anything else. <paramref name="waits"/>: the wait (ms) after each
    /// failure, "fault" where none is left.
    /// </summary>
    [Theory]
    [InlineData("F", "100")]
    [InlineData("FFFF", "100,500,2000,fault")]
    [InlineData("T", "1000")]
    [InlineData("TTTTTT", "1000,2000,100,500,2000,fault")]
    [InlineData("FTF", "100,1000,500")]
    [InlineData("TFTTFF", "1000,100,2000,500,2000,fault")]
    public void Each_failure_waits_on_the_next_interval_of_its_kind_then_on_the_redeliveries(string failures, string waits)
    {
        var used = RedeliveryStep.None;
        var got = new List<string>();
        foreach (var failure in failures)
        {
            var next = Schedule.Next(used, failure == 'T');
            if (next is null)
            {
                got.Add("fault");
                break;
            }

            got.Add(((int)next.Value.Delay.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            used = next.Value;
        }

        Assert.Equal(waits, string.Join(",", got));
    }

    [Fact]
    public void Without_transient_waits_a_database_away_uses_the_redeliveries()
    {
        var schedule = new RedeliverySchedule([TimeSpan.FromMilliseconds(100)], []);

        Assert.Equal(TimeSpan.FromMilliseconds(100), schedule.Next(RedeliveryStep.None, transient: true)?.Delay);
        Assert.True(schedule.Any);
        Assert.False(new RedeliverySchedule([], []).Any);
    }
}
