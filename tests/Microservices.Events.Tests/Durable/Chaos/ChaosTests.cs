using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable.Chaos;

/// <summary>
/// The chaos run (<see cref="ChaosRun"/>): <c>make test</c> runs its shorter variant (the defaults of
/// <see cref="ChaosOptions"/>), <c>make chaos</c> 10,000 events (<c>EVENTS_CHAOS_EVENTS</c>). Required of each trigger:
/// no accepted event lost, none fired under two firing ids; each lost or duplicated event is named in the failure.
/// Repeats (one firing id executed twice) are the documented crash window and are printed, not failed.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosTests(DurableInfrastructure infrastructure, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Kill_9_of_every_service_and_restarts_of_RabbitMQ_and_PostgreSQL_lose_no_accepted_event_and_fire_none_twice()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        var options = ChaosOptions.FromVariables(Environment.GetEnvironmentVariable, out var errors);
        Assert.True(errors.Count == 0, string.Join("; ", errors));

        // Progress also goes to a file, to be followed while the run lasts (the test's output shows at its end).
        var progress = Path.ChangeExtension(options.Output, ".progress");
        Directory.CreateDirectory(Path.GetDirectoryName(progress)!);
        File.WriteAllText(progress, "");
        var result = await ChaosRun.RunAsync(infrastructure, options, line =>
        {
            output.WriteLine(line);
            File.AppendAllText(progress, $"{DateTime.UtcNow:HH:mm:ss} {line}\n");
        });
        ChaosReport.Write(result);
        output.WriteLine(ChaosReport.Table(result));

        Assert.Equal(8, result.Disruptions.Count);
        Assert.True(result.Triggers.Sum(t => t.Accepted) >= options.Events, $"only {result.Triggers.Sum(t => t.Accepted)} of {options.Events} events accepted");
        Assert.All(result.Triggers, t => Assert.True(t.Accepted > 0, $"{t.Trigger}: no event accepted"));

        // The counts, the drain and the first finding of each kind lead the message: a summary keeps only its start.
        var failing = result.Triggers.Where(t => t.Lost > 0 || t.Duplicates > 0).ToList();
        Assert.True(failing.Count == 0,
            $"{string.Join("; ", failing.Select(t => $"{t.Trigger}: {t.Lost} lost, {t.Duplicates} duplicates"))} (seed {options.Seed}; drained {result.DrainSeconds:F0} s after the load stopped); " +
            $"{string.Join("; ", result.Findings.Where(f => f.What != "displaced").GroupBy(f => (f.Trigger, f.What)).Select(g => $"first {g.First()}"))}\n{ChaosReport.Table(result)}");
    }
}

/// <summary>The chaos run starts servers of its own, so it runs beside the durable collection rather than after it.</summary>
[CollectionDefinition(Name)]
public sealed class ChaosCollection : ICollectionFixture<DurableInfrastructure>
{
    public const string Name = "chaos";
}
