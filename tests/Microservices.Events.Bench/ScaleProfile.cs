using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Semantics.Matching;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation;

namespace Microservices.Events.Bench;

/// <summary>One step of loading generated sensors: its time and what it allocated.</summary>
public sealed record ScaleStep(string Step, double Ms, double AllocatedMiB);

/// <summary>
/// Where loading N sensors goes, step by step, in this process: reading the files, the YAML budget check, YAML to JSON nodes, the null/secret scans, the unknown-field scan, binding, validation,
/// each on one thread; then the whole <see cref="SpecLoader"/> pass file after file, the snapshot and the dependency
/// index (as sensor-state builds it); what each allocated on all threads, and the managed heap the
/// snapshot and index keep.
/// </summary>
public sealed record ScaleProfile(int Sensors, IReadOnlyList<ScaleStep> Steps, double RetainedMiB)
{
    /// <summary>The YAML limits alone: the parser's events counted, nothing built.</summary>
    private static void CheckBudget(string yaml)
    {
        YamlBudget.CheckLength(yaml, YamlLimits.Default);
        var budget = new YamlBudget(YamlLimits.Default);
        var parser = new YamlDotNet.Core.Parser(new StringReader(yaml));
        while (YamlBudget.Next(parser))
        {
            budget.Observe(parser.Current!);
        }
    }

    public static ScaleProfile Measure(string folder, int sensors)
    {
        var steps = new List<ScaleStep>();
        var paths = SpecFiles.In(folder).ToList();
        var texts = Step(steps, "read files", () => paths.Select(File.ReadAllText).ToList());
        Step(steps, "YAML budget check (parser events)", () =>
        {
            texts.ForEach(CheckBudget);
            return 0;
        });
        var roots = Step(steps, "YAML to JSON nodes (budget check included)", () => texts.SelectMany(t => YamlJson.ParseDocuments(t)).OfType<JsonObject>().ToList());
        Step(steps, "null values and plain-secret scan", () =>
        {
            var diagnostics = new List<SpecDiagnostic>();
            roots.ForEach(r => NullValues.Strip(r, "", diagnostics));
            return roots.Sum(r => PlainSecretScanner.Scan(r).Count) + diagnostics.Count;
        });
        Step(steps, "unknown-field scan", () => roots.Sum(r => UnknownFieldScanner.Scan(r, typeof(Sensor), "").Count()));
        var bound = Step(steps, "binding (System.Text.Json)", () => roots.Select(r => r.Deserialize<Sensor>(SpecJson.Options)!).ToList());
        Step(steps, "validation", () => bound.Sum(s => SensorValidator.Validate(s).Count));
        texts = [];
        roots = [];
        bound = [];
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var files = Step(steps, "whole load (SpecLoader.LoadFile file after file)", () => paths.Select(SpecLoader.LoadFile).ToList());
        var snapshot = Step(steps, "snapshot", () => new SpecSnapshot(files, 1));
        var index = Step(steps, "dependency index", () => SensorIndex.Build(snapshot.Sensors));
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        if (snapshot.Sensors.Count != sensors || index.Count == 0)
        {
            throw new InvalidOperationException($"generated {sensors} sensors, {snapshot.Sensors.Count} loaded, {index.Count} bindings");
        }

        return new ScaleProfile(sensors, steps, retained / (1024.0 * 1024.0));
    }

    private static T Step<T>(List<ScaleStep> steps, string name, Func<T> run)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var result = run();
        steps.Add(new ScaleStep(name, Stats.Millis(started, Stopwatch.GetTimestamp()), (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1024.0 * 1024.0)));
        return result;
    }
}
