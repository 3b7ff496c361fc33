using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Specs.Loading;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Fuzz;

/// <summary>
/// Argo's example manifests mutated by a seeded generator (wrong types, unknown kinds, broken text, alias bombs,
/// huge and deeply nested documents) through the spec loader and its validation: it never throws, and a value of the
/// wrong type is reported at its own path.
/// </summary>
public sealed class SpecYamlFuzzTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<(string Name, string Yaml)>> Examples = new(() =>
        Directory.Exists(RepoPaths.ArgoExamples)
            ? [.. Directory.EnumerateFiles(RepoPaths.ArgoExamples, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => (Path.GetRelativePath(RepoPaths.ArgoExamples, f), File.ReadAllText(f)))]
            : []);

    [Fact]
    public void Mutated_Argo_examples_are_loaded_without_an_exception_and_wrong_types_are_reported_at_their_path()
    {
        Assert.True(Examples.Value.Count >= 100, $"the Argo examples are missing at {RepoPaths.ArgoExamples}");
        var run = FuzzRun.Start("spec YAML", output);
        var random = run.Random;
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var thrown = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < run.Cases; i++)
        {
            var (name, yaml) = random.Pick(Examples.Value);
            var (kind, text, mutatedPath) = Mutate(random, yaml);
            SpecFile file;
            try
            {
                file = SpecLoader.Load(text, name);
            }
            catch (Exception ex)
            {
                thrown.TryAdd($"{ex.GetType().Name} {ex.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Microservices.Events", StringComparison.Ordinal))}", run.Case(i, $"{kind} at {mutatedPath} of {name}", $" threw {ex}"));
                continue;
            }

            var errors = file.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message), run.Case(i, $"{kind} of {name}: an error without a message")));
            if (mutatedPath is not null && errors.Count > 0 && !SpecLoader.Load(yaml, name).HasErrors && !file.AllDiagnostics.Any(e => Related(e.Path, mutatedPath)))
            {
                thrown.TryAdd($"elsewhere {mutatedPath}", run.Case(i, $"{kind} at {mutatedPath} of {name} reported elsewhere: {string.Join(" | ", errors)}"));
            }

            var outcome = $"{kind}: {(errors.Count > 0 ? "error" : "loaded")}";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}×{o.Value}")));
        Assert.True(thrown.Count == 0, string.Join("\n\n", thrown.Values));
    }

    [Fact]
    public void An_alias_bomb_is_refused_with_a_message_naming_the_node_limit()
    {
        var file = SpecLoader.Load(AliasBomb(9));

        var error = Assert.Single(file.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains($"more than {YamlLimits.Default.MaxNodes} nodes once aliases are expanded", error.Message);
    }

    [Fact]
    public void Aliases_just_under_the_node_limit_load_and_one_node_more_is_refused()
    {
        var limits = new YamlLimits { MaxNodes = 1 + 1 + 10 + 1 + 10 }; // the mapping, "a" and its 10 items, "b" and its copy
        var yaml = "a: &x [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: *x\n";

        Assert.Equal(2, YamlJson.ParseDocuments(yaml, limits) is [JsonObject { Count: 2 }] ? 2 : 0);
        Assert.Throws<YamlDotNet.Core.YamlException>(() => YamlJson.ParseDocuments(yaml + "c: 1\n", limits));
    }

    [Fact]
    public void Nesting_at_the_depth_limit_loads_and_one_level_deeper_is_refused_with_its_line()
    {
        var limit = YamlLimits.Default.MaxDepth;

        Assert.Single(YamlJson.ParseDocuments(new string('[', limit) + new string(']', limit)));
        var file = SpecLoader.Load(new string('[', limit + 1) + new string(']', limit + 1));

        var error = Assert.Single(file.Diagnostics);
        Assert.Contains($"line 1, column {limit + 1}: nested more than {limit} levels deep", error.Message);
    }

    [Fact]
    public void A_document_at_the_size_limit_loads_and_one_character_more_is_refused()
    {
        var limit = YamlLimits.Default.MaxCharacters;
        var atLimit = "a: " + new string('x', limit - 3);

        Assert.Single(YamlJson.ParseDocuments(atLimit));
        var error = Assert.Single(SpecLoader.Load(atLimit + "x").Diagnostics);
        Assert.Contains($"more than the {limit} allowed", error.Message);
    }

    [Fact]
    public void Deep_nesting_far_past_the_limit_is_refused_rather_than_exhausting_the_stack()
    {
        var error = Assert.Single(SpecLoader.Load(new string('[', 1_000_000)).Diagnostics);

        Assert.Contains("nested more than", error.Message);
    }

    [Fact]
    public void A_null_field_reads_as_absent_and_a_null_list_item_is_an_error_at_its_path()
    {
        const string yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: null
            spec:
              dependencies: [null]
              triggers: null
            """;

        var diagnostics = SpecLoader.Load(yaml).AllDiagnostics.Select(d => d.ToString()).ToList();

        Assert.Contains("spec.dependencies[0]: a list item must not be null", diagnostics);
        Assert.Contains("metadata.name: required", diagnostics);
        Assert.Contains("spec.triggers: at least one trigger is required", diagnostics);
    }

    [Fact]
    public void A_number_too_large_for_a_double_is_read_as_text_and_reported_as_a_wrong_type()
    {
        const string yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: hooks}
            spec:
              webhook:
                example: {port: "12000", endpoint: /e, method: POST, maxPayloadSize: 1e400}
            """;

        var error = Assert.Single(SpecLoader.Load(yaml).AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);

        Assert.StartsWith("spec.webhook.example.maxPayloadSize", error.Path);
    }

    [Fact]
    public void Metadata_that_is_not_a_mapping_is_a_wrong_type_at_metadata()
    {
        var error = Assert.Single(
            SpecLoader.Load("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: [a]\nspec: {}\n").AllDiagnostics,
            d => d.Severity == DiagnosticSeverity.Error);

        Assert.StartsWith("metadata", error.Path);
    }

    [Fact]
    public void An_inline_resource_whose_metadata_is_not_a_map_is_an_error_at_its_metadata()
    {
        const string yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: s}
            spec:
              dependencies: [{name: d, eventSourceName: e, eventName: n}]
              triggers:
                - template:
                    name: t
                    k8s:
                      operation: create
                      source:
                        resource: {apiVersion: v1, kind: ConfigMap, metadata: [x]}
            """;

        var errors = SpecLoader.Load(yaml).AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString());

        Assert.Contains("spec.triggers[0].template.k8s.source.resource.metadata: must be a map", errors);
    }

    /// <summary>Related paths: one is the other, or contains it (a binding error names the field, a validator its parent or a child); the binder names fields as the model spells them.</summary>
    private static bool Related(string reported, string mutated) =>
        reported.Length == 0 || mutated.StartsWith(reported, StringComparison.OrdinalIgnoreCase) || reported.StartsWith(mutated, StringComparison.OrdinalIgnoreCase);

    private static string AliasBomb(int levels)
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= levels; i++)
        {
            yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }

        return yaml.ToString();
    }

    private static (string Kind, string Text, string? Path) Mutate(FuzzRandom random, string yaml)
    {
        switch (random.Next(10))
        {
            case 0:
            case 1:
                return ("text edit", random.Mutate(yaml, 8), null);
            case 2:
                return ("alias bomb", AliasBomb(random.Next(1, 12)), null);
            case 3:
                return ("deep nesting", random.Nested(random.Next(10, 5000), random.Chance(50) ? "[" : "{a: ", random.Chance(50) ? "]" : "}"), null);
            case 4:
                return ("huge document", yaml + "\n# " + new string('x', random.Chance(50) ? YamlLimits.Default.MaxCharacters : random.Next(1000, 100_000)) + "\n", null);
            default:
                var roots = YamlJson.TryParseFirst(yaml, out var root) && root is JsonObject obj ? obj : null;
                if (roots is null)
                {
                    return ("text edit", random.Mutate(yaml), null);
                }

                if (random.Chance(15))
                {
                    roots["kind"] = random.Pick<JsonNode?>(["Pod", "", "eventsource", JsonValue.Create(7), null, new JsonArray()]);
                    return ("unknown kind", roots.ToJsonString(), null);
                }

                var (path, parent, key) = PickNode(random, roots);
                var original = parent is JsonObject po ? po[(string)key] : ((JsonArray)parent)[(int)key];
                var replacement = WrongValue(random);
                switch (parent)
                {
                    case JsonObject o:
                        o[(string)key] = replacement;
                        break;
                    case JsonArray a:
                        a[(int)key] = replacement;
                        break;
                }

                // A scalar for a scalar may be read leniently (a number as a string) and then fail elsewhere, e.g. a renamed dependency.
                var shapeChanged = original is JsonObject or JsonArray || replacement is JsonObject or JsonArray;
                return ("wrong type", roots.ToJsonString(), shapeChanged ? path : null);
        }
    }

    private static JsonNode? WrongValue(FuzzRandom random) => random.Next(7) switch
    {
        0 => JsonValue.Create(random.Text(30)),
        1 => JsonNode.Parse(random.Number()),
        2 => JsonValue.Create(true),
        3 => null,
        4 => new JsonArray(JsonValue.Create(1), JsonValue.Create("x")),
        5 => new JsonObject { ["unexpected"] = JsonValue.Create(1) },
        _ => JsonValue.Create(new string('x', random.Next(1000, 200_000))),
    };

    /// <summary>A node somewhere below the root: its path as the loader writes it, its parent and its key or index.</summary>
    private static (string Path, JsonNode Parent, object Key) PickNode(FuzzRandom random, JsonObject root)
    {
        JsonNode parent = root;
        object key = random.Pick(root.Select(p => p.Key).ToList());
        var path = (string)key;
        while (true)
        {
            var child = parent is JsonObject o ? o[(string)key] : ((JsonArray)parent)[(int)key];
            var next = child switch
            {
                JsonObject co when co.Count > 0 => (object)random.Pick(co.Select(p => p.Key).ToList()),
                JsonArray ca when ca.Count > 0 => random.Next(ca.Count),
                _ => null,
            };
            if (next is null || random.Chance(30))
            {
                return (path, parent, key);
            }

            parent = child!;
            key = next;
            path += next is int index ? $"[{index}]" : $".{next}";
        }
    }
}
