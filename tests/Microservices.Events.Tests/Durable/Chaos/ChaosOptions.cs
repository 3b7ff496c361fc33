using System.Globalization;

namespace Microservices.Events.Tests.Durable.Chaos;

/// <summary>
/// What a chaos run sends, read from <c>EVENTS_CHAOS_*</c> variables: <c>make test</c> runs the defaults,
/// <c>make chaos</c> 10,000 events. The seed orders the disruptions and places each one; the same seed repeats them.
/// </summary>
public sealed record ChaosOptions
{
    public const string EventsVariable = "EVENTS_CHAOS_EVENTS";
    public const string SeedVariable = "EVENTS_CHAOS_SEED";
    public const string OutputVariable = "EVENTS_CHAOS_OUTPUT";
    public const string RateVariable = "EVENTS_CHAOS_RATE";

    /// <summary>Events to have accepted at least (the load also goes on until every disruption is done).</summary>
    public int Events { get; init; } = 1500;

    /// <summary>Relay events per second, all relay clients together; 0: as fast as they are accepted.</summary>
    public int Rate { get; init; } = 40;

    /// <summary>Clients sending to the relay trigger's webhook.</summary>
    public int RelayClients { get; init; } = 8;

    /// <summary>Clients sending pairs, each to the <c>A &amp;&amp; B</c> trigger of a sensor of its own.</summary>
    public int PairClients { get; init; } = 6;

    public int Seed { get; init; }

    /// <summary>Where the JSON report goes; the table is written beside it (<c>.txt</c>).</summary>
    public string Output { get; init; } = Path.Combine(RepoPaths.Root, "artifacts", "chaos", "results.json");

    /// <summary>The options the variables give; the errors name the variable. Without a seed a random one is drawn.</summary>
    public static ChaosOptions FromVariables(Func<string, string?> variable, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var options = new ChaosOptions { Seed = Random.Shared.Next() };
        if (variable(EventsVariable) is { Length: > 0 } events)
        {
            if (int.TryParse(events, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 100 and <= 1_000_000)
            {
                options = options with { Events = n };
            }
            else
            {
                problems.Add($"{EventsVariable}: '{events}' is not a whole number from 100 to 1000000");
            }
        }

        if (variable(RateVariable) is { Length: > 0 } rate)
        {
            if (int.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r <= 100_000)
            {
                options = options with { Rate = r };
            }
            else
            {
                problems.Add($"{RateVariable}: '{rate}' is not a whole number from 0 (no limit) to 100000");
            }
        }

        if (variable(SeedVariable) is { Length: > 0 } seed)
        {
            if (int.TryParse(seed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s))
            {
                options = options with { Seed = s };
            }
            else
            {
                problems.Add($"{SeedVariable}: '{seed}' is not a 32-bit whole number");
            }
        }

        if (variable(OutputVariable) is { Length: > 0 } output)
        {
            options = options with { Output = Path.GetFullPath(output, RepoPaths.Root) };
        }

        errors = problems;
        return options;
    }
}
