using Microservices.Events.Bench;

namespace Microservices.Events.Tests.Bench;

public sealed class BenchOptionsTests
{
    [Fact]
    public void What_follows_micro_goes_to_benchmarkdotnet_and_the_options_before_it_still_count()
    {
        var options = BenchOptions.Parse(["--events", "400", "--micro", "--filter", "*SagaWindow*"]);

        Assert.True(options.Micro);
        Assert.Equal(400, options.Events);
        Assert.Equal(["--filter", "*SagaWindow*"], options.MicroArgs);
    }

    [Fact]
    public void An_unknown_option_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--filter", "x"]));

        Assert.StartsWith("unknown option --filter", error.Message, StringComparison.Ordinal);
    }
}
