using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Trigger parameter resolution and application (argo-cases.md §8), restated.</summary>
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
        { "P01", new() { DependencyName = "dep", DataKey = "name.first" }, "fake", false },
        { "P02", new() { DependencyName = "dep", ContextKey = "subject" }, "example-1", false },
        { "P04", new() { DependencyName = "dep", Value = "hello" }, "hello", false },
        { "P05", new() { DependencyName = "dep", ContextKey = "subject", DataKey = "name.first" }, "fake", false },
        { "P06", new() { DependencyName = "dep", DataTemplate = "{{ .Input.name.first }}" }, "fake", false },
        { "P07", new() { DependencyName = "dep", DataTemplate = "{{ upper .Input.name.first }}" }, "FAKE", false },
        { "P08", new() { DependencyName = "dep", ContextTemplate = "{{ .Input.subject }}" }, "example-1", false },
        { "P09", new() { DependencyName = "dep", ContextTemplate = """{{ .Input.subject | replace "-" "_" }}""" }, "example_1", false },
        { "P10", new() { DependencyName = "dep", ContextTemplate = "{{ .Input.subject }}", DataTemplate = "{{ .Input.name.first }}" }, "fake", false },
        { "P11", new() { DependencyName = "dep", DataTemplate = "{{ .Input.nope }}", DataKey = "name.first" }, "fake", false },
        { "P12", new() { DependencyName = "dep", DataTemplate = "{{ no }}", DataKey = "name.first" }, "fake", false },
        { "failing template falls back to value", new() { DependencyName = "dep", DataTemplate = "{{ .Input.name.first.x }}", Value = "dflt" }, "dflt", false },
        { "empty template output falls back to key", new() { DependencyName = "dep", DataTemplate = "{{ if false }}x{{ end }}", DataKey = "reviews" }, "8", false },
        { "template output is text even with useRawData", new() { DependencyName = "dep", DataTemplate = "{{ toJson .Input.countries }}", UseRawData = true }, """["ca","us","mx"]""", false },
        { "template sees numbers as Go float64", new() { DependencyName = "dep", DataTemplate = """{{ printf "%v/%v" .Input.reviews .Input.rating }}""" }, "8/4.5", false },
        { "context template reads every context field", new() { DependencyName = "dep", ContextTemplate = "{{ .Input.source }}|{{ .Input.type }}|{{ .Input.time }}" }, "webhook-gateway|webhook|2024-07-15T10:00:00Z", false },
        { "query key", new() { DependencyName = "dep", DataKey = """countries.#(=="us")""" }, "us", false },
        { "multipath key", new() { DependencyName = "dep", DataKey = "[name.first,reviews]", UseRawData = true }, """["fake",8]""", true },
        { "P13", new() { DependencyName = "dep", DataKey = "name.first", UseRawData = true }, "fake", false },
        { "P14", new() { DependencyName = "dep", DataKey = "name", UseRawData = true }, """{"first":"fake","last":"user"}""", true },
        { "P15", new() { DependencyName = "dep", DataKey = "countries", UseRawData = true }, """["ca","us","mx"]""", true },
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
    public void P03_without_keys_the_whole_event_is_the_value()
    {
        var value = ParameterResolver.Resolve(new() { DependencyName = "dep" }, Events)!;

        var node = JsonNode.Parse(value.Text)!;
        Assert.Equal("example-1", (string?)node["context"]!["subject"]);
        var data = Convert.FromBase64String((string)node["data"]!);
        Assert.Equal("fake", (string?)JsonNode.Parse(data)!["name"]!["first"]);
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

    [Theory]
    [InlineData("A01", null, """{"name":"fake"}""")]
    [InlineData("A02", "prepend", """{"name":"fakefaker"}""")]
    [InlineData("A03", "append", """{"name":"fakerfake"}""")]
    [InlineData("A04", "overwrite", """{"name":"fake"}""")]
    public void Operations_write_the_value_at_dest(string row, string? operation, string expected)
    {
        var result = ParameterResolver.Apply(JsonNode.Parse("""{"name":"faker"}"""),
            [new TriggerParameter { Src = new() { DependencyName = "dep", DataKey = "name.first" }, Dest = "name", Operation = operation }], Events);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), $"{row}: {result!.ToJsonString()}");
    }

    [Fact]
    public void A05_an_object_without_useRawData_becomes_escaped_json_text()
    {
        var result = ParameterResolver.Apply(JsonNode.Parse("""{"name":"faker"}"""),
            [new TriggerParameter { Src = new() { DependencyName = "dep", DataKey = "name" }, Dest = "name" }], Events)!;

        Assert.Equal(JsonValueKind.String, result["name"]!.GetValueKind());
        Assert.Equal("fake", (string?)JsonNode.Parse((string)result["name"]!)!["first"]);
    }

    [Fact]
    public void A06_an_object_with_useRawData_is_inserted_as_an_object()
    {
        var result = ParameterResolver.Apply(JsonNode.Parse("""{"name":"faker"}"""),
            [new TriggerParameter { Src = new() { DependencyName = "dep", DataKey = "name", UseRawData = true }, Dest = "name" }], Events)!;

        Assert.Equal("user", (string?)result["name"]!["last"]);
    }

    [Fact]
    public void A07_raw_values_overwrite_append_and_create_fields()
    {
        var events = new Dictionary<string, EventEnvelope> { ["dep"] = Events["dep"] with { Data = JsonDocument.Parse("""{"age":100,"countries":["ca","us","mx"]}""").RootElement } };
        var result = ParameterResolver.Apply(JsonNode.Parse("""{"age":"this-gets-over-written","ageWithYears":"Years: "}"""),
        [
            new TriggerParameter { Src = new() { DependencyName = "dep", DataKey = "age", UseRawData = true }, Dest = "age" },
            new TriggerParameter { Src = new() { DependencyName = "dep", DataKey = "age", UseRawData = true }, Dest = "ageWithYears", Operation = "append" },
            new TriggerParameter { Src = new() { DependencyName = "dep", DataKey = "countries", UseRawData = true }, Dest = "countries", Operation = "append" },
        ], events);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"age":100,"ageWithYears":"Years: 100","countries":["ca","us","mx"]}"""), result), result!.ToJsonString());
    }

    [Fact]
    public void A08_an_unknown_operation_fails() =>
        Assert.Throws<ParameterException>(() => ParameterResolver.Apply(new JsonObject(),
            [new TriggerParameter { Src = new() { DependencyName = "dep", DataKey = "name.first" }, Dest = "x", Operation = "merge" }], Events));

    [Fact]
    public void CP01_payloads_are_built_from_several_dependencies_with_defaults_and_types()
    {
        var events = new Dictionary<string, EventEnvelope>
        {
            ["dep1"] = Events["dep"] with { Data = JsonDocument.Parse("""{"firstName":"fake"}""").RootElement },
            ["dep2"] = Events["dep"] with { Data = JsonDocument.Parse("""{"lastName":"foo"}""").RootElement },
            ["dep3"] = Events["dep"] with { Data = JsonDocument.Parse("""{"age":100,"isActive":false}""").RootElement },
        };
        var payload = ParameterResolver.BuildPayload(
        [
            new() { Src = new() { DependencyName = "dep1", DataKey = "firstName", Value = "faker" }, Dest = "firstName" },
            new() { Src = new() { DependencyName = "dep2", DataKey = "lastName", Value = "bar" }, Dest = "lastName" },
            new() { Src = new() { DependencyName = "dep3", DataKey = "age", UseRawData = true }, Dest = "age" },
            new() { Src = new() { DependencyName = "dep3", DataKey = "isActive", UseRawData = true }, Dest = "isActive" },
            new() { Src = new() { DependencyName = "dep3", DataKey = "age" }, Dest = "typelessAge" },
            new() { Src = new() { DependencyName = "dep3", DataKey = "isActive" }, Dest = "typelessIsActive" },
        ], events);

        var expected = """{"firstName":"fake","lastName":"foo","age":100,"isActive":false,"typelessAge":"100","typelessIsActive":"false"}""";
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), payload), payload!.ToJsonString());
    }

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
