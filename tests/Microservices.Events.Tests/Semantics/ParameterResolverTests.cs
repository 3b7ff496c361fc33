using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Trigger parameters beyond Argo's own cases (those are in Conformance/ParamsTests): templates, paths, defaults, operations.</summary>
public sealed class ParameterResolverTests
{
    private const string Data = """{"name":{"first":"fake","last":"user"},"reviews":8,"rating":4.5,"isActive":true,"isVerified":false,"countries":["ca","us","mx"]}""";

    private static readonly Dictionary<string, EventEnvelope> Events = new()
    {
        ["dep"] = new EventEnvelope
        {
            Id = "1",
            Subject = "example-1",
            Source = "webhook-gateway",
            Type = "webhook",
            Time = new DateTimeOffset(2024, 7, 15, 10, 0, 0, TimeSpan.Zero),
            Data = JsonDocument.Parse(Data).RootElement,
        },
    };

    public static TheoryData<string, TriggerParameterSource, string, bool> Sources() => new()
    {
        { "failing template falls back to value", new() { DependencyName = "dep", DataTemplate = "{{ .Input.name.first.x }}", Value = "dflt" }, "dflt", false },
        { "empty template output falls back to key", new() { DependencyName = "dep", DataTemplate = "{{ if false }}x{{ end }}", DataKey = "reviews" }, "8", false },
        { "template output is text even with useRawData", new() { DependencyName = "dep", DataTemplate = "{{ toJson .Input.countries }}", UseRawData = true }, """["ca","us","mx"]""", false },
        { "template sees numbers as Go float64", new() { DependencyName = "dep", DataTemplate = """{{ printf "%v/%v" .Input.reviews .Input.rating }}""" }, "8/4.5", false },
        { "context template reads every context field", new() { DependencyName = "dep", ContextTemplate = "{{ .Input.source }}|{{ .Input.type }}|{{ .Input.time }}" }, "webhook-gateway|webhook|2024-07-15T10:00:00Z", false },
        { "query key", new() { DependencyName = "dep", DataKey = """countries.#(=="us")""" }, "us", false },
        { "multipath key", new() { DependencyName = "dep", DataKey = "[name.first,reviews]", UseRawData = true }, """["fake",8]""", true },
        { "number as text", new() { DependencyName = "dep", DataKey = "reviews" }, "8", false },
        { "number raw", new() { DependencyName = "dep", DataKey = "rating", UseRawData = true }, "4.5", true },
        { "missing key uses value", new() { DependencyName = "dep", DataKey = "unknown", Value = "faker" }, "faker", false },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Parameter_values_resolve_like_Argo(string row, TriggerParameterSource source, string expected, bool raw)
    {
        var value = ParameterResolver.Resolve(source, Events);

        Assert.NotNull(value);
        Assert.Equal(expected, value.Text);
        Assert.True(raw == value.IsRawJson, row);
    }

    [Fact]
    public void Data_settings_replace_context_settings_without_falling_back_to_the_context()
    {
        var src = new TriggerParameterSource { DependencyName = "dep", DataKey = "unknown", ContextKey = "subject", Value = "dflt" };

        Assert.Equal("dflt", ParameterResolver.Resolve(src, Events)!.Text);
    }

    [Fact]
    public void An_event_without_data_uses_the_default_for_data_templates()
    {
        var events = new Dictionary<string, EventEnvelope> { ["dep"] = Events["dep"] with { Data = null } };

        Assert.Equal("dflt", ParameterResolver.Resolve(new() { DependencyName = "dep", DataTemplate = "{{ .Input }}", Value = "dflt" }, events)!.Text);
        Assert.Throws<ParameterException>(() => ParameterResolver.Resolve(new() { DependencyName = "dep", DataTemplate = "{{ .Input }}" }, events));
    }

    [Fact]
    public void CP06_a_dependency_absent_from_the_firing_is_skipped()
    {
        Assert.Null(ParameterResolver.Resolve(new() { DependencyName = "other", DataKey = "x" }, Events));
        Assert.Equal("d", ParameterResolver.Resolve(new() { DependencyName = "other", DataKey = "x", Value = "d" }, Events)!.Text);
    }

    [Fact]
    public void CP07_an_unresolvable_key_without_default_fails()
    {
        var ex = Assert.Throws<ParameterException>(() => ParameterResolver.Resolve(new() { DependencyName = "dep", DataKey = "nope" }, Events));
        Assert.Contains("unable to resolve", ex.Message);
    }

    [Fact]
    public void A08_an_unknown_operation_fails() =>
        Assert.Throws<ParameterException>(() => ParameterResolver.Apply(new JsonObject(),
            [new TriggerParameter { Src = new() { DependencyName = "dep", DataKey = "name.first" }, Dest = "x", Operation = "merge" }], Events));

    [Fact]
    public void CP04_an_empty_dest_makes_the_value_the_whole_payload()
    {
        var payload = ParameterResolver.BuildPayload([new() { Src = new() { DependencyName = "dep", DataKey = "countries", UseRawData = true }, Dest = "" }], Events);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["ca","us","mx"]"""), payload));
    }

    [Fact]
    public void Dest_paths_create_nested_objects_index_arrays_and_append_with_minus_one()
    {
        var doc = JsonNode.Parse("""{"spec":{"args":["a"]}}""");
        doc = ParameterResolver.ApplyOne(doc, "spec.args.-1", null, new ResolvedValue("b", false));
        doc = ParameterResolver.ApplyOne(doc, "spec.args.0", null, new ResolvedValue("z", false));
        doc = ParameterResolver.ApplyOne(doc, "meta.labels.team", null, new ResolvedValue("x", false));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"spec":{"args":["z","b"]},"meta":{"labels":{"team":"x"}}}"""), doc), doc!.ToJsonString());
    }
}
