using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Semantics.Simulation;
using Microservices.Events.Specs.Conditions;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>The argo-cases.md rows not restated elsewhere: data-filter edge rows, filter combinations, payloads, expressions, duplicate dependencies.</summary>
public sealed class ArgoCaseRowsTests
{
    private static readonly JsonElement KV = JsonDocument.Parse("""{"k":"v"}""").RootElement;

    [Fact]
    public void D03_absent_data_passes_data_filters() =>
        Assert.True(DataFilters.Evaluate([new DataFilter { Path = "k", Type = "string", Value = ["v"] }], null, null).Pass);

    [Fact]
    public void D04_no_data_filters_pass() => Assert.True(DataFilters.Evaluate([], null, KV).Pass);

    [Fact]
    public void D05_an_empty_path_fails_with_an_error()
    {
        var result = DataFilters.Evaluate([new DataFilter { Path = "", Type = "string", Value = [] }], null, KV);
        Assert.False(result.Pass);
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void D06_a_filter_without_a_type_fails_with_an_error()
    {
        var result = DataFilters.Evaluate([new DataFilter { Path = "k", Value = [] }], null, KV);
        Assert.False(result.Pass);
        Assert.True(result.HasErrors);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("04:05:06")]
    [InlineData("12:13:14")]
    [InlineData("20:21:22")]
    public void T01_without_a_time_filter_every_time_passes(string time) =>
        Assert.True(TimeWindowFilter.Evaluate(null, DateTimeOffset.Parse($"2024-07-15T{time}Z", CultureInfo.InvariantCulture)).Pass);

    private static EventEnvelope Event(string source = "webhook-gateway") => new()
    {
        Type = "webhook",
        Source = source,
        Subject = "example-1",
        Time = DateTimeOffset.Parse("2024-07-15T16:36:34Z", CultureInfo.InvariantCulture),
        Data = KV,
    };

    private static readonly EventContext Context = new() { Type = "webhook", Source = "webhook-gateway" };

    public static TheoryData<string, EventDependencyFilter, string?, string, bool, bool> Combinations() => new()
    {
        { "F09", new() { Data = [new() { Path = "k", Type = "string", Value = ["v"] }] }, "and", "webhook-gateway", true, false },
        { "F10", new() { Data = [new() { Path = "k", Type = "string", Value = ["x"] }] }, "and", "webhook-gateway", false, false },
        { "F11", new() { Data = [new() { Path = "k", Type = "string", Value = [] }] }, "and", "webhook-gateway", false, true },
        { "F12", new() { Context = Context }, "and", "webhook-gateway", true, false },
        { "F13", new() { Context = new() { Type = "webhook", Source = "webhook-fake" } }, "and", "webhook-gateway", false, false },
        { "F14", new() { Time = new() { Start = "09:09:09", Stop = "19:19:19" } }, "and", "webhook-gateway", true, false },
        { "F15", new() { Time = new() { Start = "09:09:09", Stop = "10:10:10" } }, "and", "webhook-gateway", false, false },
        { "F16", new() { Time = new() { Start = "09:09:09", Stop = "10:10" } }, "and", "webhook-gateway", false, true },
        { "G02", new() { Data = [new() { Path = "k", Type = "string", Value = ["v"] }] }, "and", "webhook-gateway", true, false },
        { "G03", new() { Data = [new() { Path = "z", Type = "string", Value = ["v"] }] }, "and", "webhook-gateway", false, true },
        { "G04", new() { Time = new() { Start = "09:09:0", Stop = "19:19:19" } }, "and", "webhook-gateway", false, true },
        { "G06", new() { Context = Context, Data = [new() { Path = "z", Type = "string", Value = ["v"] }] }, null, "webhook-gateway", false, true },
        { "G07", new() { Context = Context, Data = [new() { Path = "k", Type = "string", Value = ["v"] }] }, "and", "webhook-fake", false, false },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Filter_kinds_combine_as_in_Argo(string row, EventDependencyFilter filters, string? op, string source, bool pass, bool error)
    {
        var result = DependencyFilter.Evaluate(new EventDependency { Name = "d", Filters = filters, FiltersLogicalOperator = op }, Event(source));

        Assert.True(pass == result.Pass, $"{row}: pass {result.Pass}");
        Assert.True(error == result.HasErrors, $"{row}: errors {string.Join("; ", result.Errors)}");
    }

    private static readonly Dictionary<string, EventEnvelope> Deps = new()
    {
        ["dep1"] = Event() with { Data = JsonDocument.Parse("""{"firstName":"fake"}""").RootElement },
        ["dep2"] = Event() with { Data = JsonDocument.Parse("""{"lastName":"foo"}""").RootElement },
        ["dep3"] = Event() with { Data = JsonDocument.Parse("""{"nullable_key":null,"other_key":"value"}""").RootElement },
    };

    [Fact]
    public void CP02_unresolvable_keys_use_their_defaults()
    {
        var payload = ParameterResolver.BuildPayload(
        [
            new() { Src = new() { DependencyName = "dep1", DataKey = "unknown", Value = "faker" }, Dest = "firstName" },
            new() { Src = new() { DependencyName = "dep2", DataKey = "unknown", Value = "bar" }, Dest = "lastName" },
        ], Deps);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"firstName":"faker","lastName":"bar"}"""), payload), payload!.ToJsonString());
    }

    [Fact]
    public void CP03_a_null_inserted_raw_stays_null_and_strings_stay_strings()
    {
        var payload = ParameterResolver.BuildPayload(
        [
            new() { Src = new() { DependencyName = "dep3", DataKey = "nullable_key", UseRawData = true }, Dest = "nullable_key" },
            new() { Src = new() { DependencyName = "dep3", DataKey = "other_key" }, Dest = "other_key" },
        ], Deps);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"nullable_key":null,"other_key":"value"}"""), payload), payload!.ToJsonString());
    }

    [Fact]
    public void CP05_a_null_field_reads_as_the_text_null()
    {
        var value = ParameterResolver.Resolve(new() { DependencyName = "dep3", DataKey = "nullable_key" }, Deps)!;

        Assert.Equal("null", value.Text);
        Assert.False(value.IsRawJson);
    }

    [Fact]
    public void L01_L02_without_conditions_the_expression_is_the_AND_of_all_dependencies()
    {
        Assert.Equal("dep1", ConditionExpression.Effective(null, ["dep1"]));
        var both = ConditionExpression.Parse(ConditionExpression.Effective(null, ["dep1", "dep2"]));
        Assert.Equal(["dep1", "dep2"], both.Dependencies().Order());
        Assert.False(both.Evaluate(d => d == "dep1"));
        Assert.True(both.Evaluate(_ => true));
    }

    [Fact]
    public void L03_dependency_names_with_hyphens_compile() =>
        Assert.True(ConditionExpression.TryParse("dep-1 || dep-1a || dep-3", out _, out _));

    [Fact]
    public void K10_duplicate_dependencies_whose_filters_cannot_both_pass_never_fire()
    {
        var sensor = SpecLoader.Load("""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: dup}
            spec:
              dependencies:
                - name: d1
                  eventSourceName: calendar
                  eventName: example
                  filters: {data: [{path: metadata.baz, type: string, value: ["1.0"]}]}
                - name: d2
                  eventSourceName: calendar
                  eventName: example
                  filters: {data: [{path: metadata.foo, type: string, value: ["baz"]}]}
              triggers:
                - template: {name: t, log: {}}
            """).Documents[0].Sensor!;
        var simulator = new SensorSimulator(sensor);

        var fired = Enumerable.Range(0, 3).SelectMany(i => simulator.Feed(new EventEnvelope
        {
            Id = $"tick-{i}",
            Source = "calendar",
            Subject = "example",
            Type = "calendar",
            Time = DateTimeOffset.Parse("2024-07-15T10:00:00Z", CultureInfo.InvariantCulture).AddSeconds(i * 10),
            Data = JsonDocument.Parse("""{"eventTime":"x","metadata":{"baz":"1.0","foo":"bar"}}""").RootElement,
        }).Firings).ToList();

        Assert.Empty(fired);
    }
}
