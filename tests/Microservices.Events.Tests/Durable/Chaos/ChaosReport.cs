using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Microservices.Events.Tests.Durable.Chaos;

/// <summary>The table of a chaos run, and the same figures as JSON.</summary>
public static class ChaosReport
{
    /// <summary>Lost or duplicated events the table names per trigger and kind; the JSON names them all.</summary>
    private const int FindingsShown = 40;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Table(ChaosResult result)
    {
        var o = result.Options;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"chaos: seed {o.Seed}, at least {o.Events} events, relay {(o.Rate > 0 ? $"{o.Rate}/s" : "unpaced")}, {o.RelayClients} relay clients, {o.PairClients} pair clients, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        text.AppendLine(CultureInfo.InvariantCulture, $"processes: {string.Join(", ", result.Processes)}; refusals retried {result.Refusals}, unanswered {result.Unanswered}; load {F(result.LoadSeconds)} s, drained {F(result.DrainSeconds)} s after");
        text.AppendLine();
        text.AppendLine("| trigger | accepted | firings | lost | duplicates | repeats | resent | displaced | seconds |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < result.Triggers.Count; i++)
        {
            var t = result.Triggers[i];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Trigger} | {t.Accepted} | {t.Firings} | {t.Lost} | {t.Duplicates} | {t.Repeats} | {t.Resent} | {t.Displaced} | {F(result.TriggerSeconds[i])} |");
        }

        for (var i = 0; i < result.Triggers.Count; i++)
        {
            if (result.RepeatSeconds[i].Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"repeats of {result.Triggers[i].Trigger} delivered at s: {string.Join(", ", result.RepeatSeconds[i].Select(F))}");
            }
        }

        foreach (var group in result.Findings.GroupBy(f => (f.Trigger, f.What)))
        {
            foreach (var finding in group.Take(FindingsShown))
            {
                text.AppendLine(finding.ToString());
            }

            if (group.Count() > FindingsShown)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"… {group.Count() - FindingsShown} more {group.Key.What} events of {group.Key.Trigger} in the JSON");
            }
        }

        text.AppendLine();
        text.AppendLine("| disruption | at s | accepted before | back after s | all healthy after s |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var d in result.Disruptions)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {d.What} | {F(d.AtSeconds)} | {d.AcceptedBefore} | {F(d.BackAfterSeconds)} | {(d.HealthyAfterSeconds is { } h ? F(h) : "not within 120")} |");
        }

        return text.ToString();
    }

    /// <summary>Writes the JSON to <see cref="ChaosOptions.Output"/> and the table beside it (<c>.txt</c>).</summary>
    public static void Write(ChaosResult result)
    {
        var path = result.Options.Output;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(result, Json));
        File.WriteAllText(Path.ChangeExtension(path, ".txt"), Table(result));
    }

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
