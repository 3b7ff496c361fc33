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

    [Fact]
    public void The_hot_trigger_run_is_on_by_default_and_skipped_on_request()
    {
        Assert.False(BenchOptions.Parse([]).SkipHotTrigger);
        Assert.True(BenchOptions.Parse(["--skip-hot-trigger"]).SkipHotTrigger);
        Assert.Contains("--skip-hot-trigger", Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--hot"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hot_trigger_run_publishes_as_fast_as_confirmed_unless_given_a_rate()
    {
        Assert.Null(BenchOptions.Parse([]).HotTriggerRate);
        Assert.Equal(3000, BenchOptions.Parse(["--hot-trigger-rate", "3000"]).HotTriggerRate);
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--hot-trigger-rate", "0"]));
    }

    [Fact]
    public void State_is_kept_as_shipped_unless_asked_to_keep_it_in_memory_and_the_rows_say_which()
    {
        Assert.False(BenchOptions.Parse([]).StateInMemory);
        Assert.Equal("", BenchOptions.Parse([]).StateSuffix);
        var inMemory = BenchOptions.Parse(["--state-in-memory", "--events", "400"]);
        Assert.True(inMemory.StateInMemory);
        Assert.Equal(400, inMemory.Events);
        Assert.Equal(" (state in memory)", inMemory.StateSuffix);
        Assert.Contains("--state-in-memory", Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--in-memory"])).Message, StringComparison.Ordinal);
    }
}
