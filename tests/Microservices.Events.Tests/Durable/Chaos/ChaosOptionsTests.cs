namespace Microservices.Events.Tests.Durable.Chaos;

public sealed class ChaosOptionsTests
{
    public static TheoryData<string?, string?, int, int?, string> Rows => new()
    {
        // events, seed, expected events, expected seed (null: drawn), expected error ("" none)
        { null, null, 1500, null, "" },
        { "10000", "42", 10000, 42, "" },
        { "100", "-7", 100, -7, "" },
        { "99", null, 1500, null, "EVENTS_CHAOS_EVENTS: '99' is not a whole number from 100 to 1000000" },
        { "ten", null, 1500, null, "EVENTS_CHAOS_EVENTS: 'ten' is not a whole number from 100 to 1000000" },
        { "-5", null, 1500, null, "EVENTS_CHAOS_EVENTS: '-5' is not a whole number from 100 to 1000000" },
        { null, "1.5", 1500, null, "EVENTS_CHAOS_SEED: '1.5' is not a 32-bit whole number" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_variables_set_the_count_and_seed_and_a_bad_value_is_named(string? events, string? seed, int expectedEvents, int? expectedSeed, string error)
    {
        var variables = new Dictionary<string, string?> { [ChaosOptions.EventsVariable] = events, [ChaosOptions.SeedVariable] = seed };

        var options = ChaosOptions.FromVariables(name => variables.GetValueOrDefault(name), out var errors);

        Assert.Equal(expectedEvents, options.Events);
        if (expectedSeed is not null)
        {
            Assert.Equal(expectedSeed, options.Seed);
        }

        Assert.Equal(error.Length == 0 ? [] : [error], errors);
    }
}
