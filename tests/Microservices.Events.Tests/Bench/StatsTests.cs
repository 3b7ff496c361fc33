using Microservices.Events.Bench;

namespace Microservices.Events.Tests.Bench;

public sealed class StatsTests
{
    private static readonly double[] TenValues = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    [InlineData(50, 5)]
    [InlineData(95, 10)]
    [InlineData(99, 10)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(0, 1)]
    [InlineData(100, 10)]
    public void A_percentile_is_the_nearest_rank_of_the_sorted_values(double percentile, double expected)
    {
        Assert.Equal(expected, Stats.Percentile(TenValues, percentile));
    }

    [Fact]
    public void No_values_have_no_percentile()
    {
        Assert.True(double.IsNaN(Stats.Percentile([], 50)));
    }
}
