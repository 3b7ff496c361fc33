namespace Microservices.Events.Tests.Durable.Chaos;

public sealed class ChaosOptionsTests
{
    public static TheoryData<string?, string?, string?, int, int, int?, string> Rows => new()
    {
        // events, rate, seed, expected events, expected rate, expected seed (null: drawn), expected error ("" none)
        { null, null, null, 1500, 40, null, "" },
        { "10000", "0", "42", 10000, 0, 42, "" },
        { "100", "250", "-7", 100, 250, -7, "" },
        { "99", null, null, 1500, 40, null, "EVENTS_CHAOS_EVENTS: '99' is not a whole number from 100 to 1000000" },
        { "ten", null, null, 1500, 40, null, "EVENTS_CHAOS_EVENTS: 'ten' is not a whole number from 100 to 1000000" },
        { "-5", null, null, 1500, 40, null, "EVENTS_CHAOS_EVENTS: '-5' is not a whole number from 100 to 1000000" },
        { null, "-1", null, 1500, 40, null, "EVENTS_CHAOS_RATE: '-1' is not a whole number from 0 (no limit) to 100000" },
        { null, null, "1.5", 1500, 40, null, "EVENTS_CHAOS_SEED: '1.5' is not a 32-bit whole number" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_variables_set_the_count_rate_and_seed_and_a_bad_value_is_named(string? events, string? rate, string? seed, int expectedEvents, int expectedRate, int? expectedSeed, string error)
    {
        var variables = new Dictionary<string, string?> { [ChaosOptions.EventsVariable] = events, [ChaosOptions.RateVariable] = rate, [ChaosOptions.SeedVariable] = seed };

        var options = ChaosOptions.FromVariables(name => variables.GetValueOrDefault(name), out var errors);

        Assert.Equal(expectedEvents, options.Events);
        Assert.Equal(expectedRate, options.Rate);
        if (expectedSeed is not null)
        {
            Assert.Equal(expectedSeed, options.Seed);
        }

        Assert.Equal(error.Length == 0 ? [] : [error], errors);
    }
}
