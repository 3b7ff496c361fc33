using System.Globalization;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Filter kinds combined by filtersLogicalOperator: variants of Argo's cases (those are in Conformance/FilterEventTests and FilterTests).</summary>
public sealed class DependencyFilterTests
{
    private static EventEnvelope Event(string source = "webhook-gateway", string data = """{"k":"v"}""") => new()
    {
        Type = "webhook",
        Source = source,
        Subject = "example-1",
        Time = DateTimeOffset.Parse("2024-07-15T16:36:34Z", CultureInfo.InvariantCulture),
        Data = JsonDocument.Parse(data).RootElement,
    };

    private static readonly EventContext MatchingContext = new() { Type = "webhook", Source = "webhook-gateway" };
    private static readonly DataFilter KIsV = new() { Path = "k", Type = "string", Value = ["v"] };

    private static FilterResult Run(EventDependencyFilter filters, string? op = null, EventEnvelope? @event = null) =>
        DependencyFilter.Evaluate(new EventDependency { Name = "d", Filters = filters, FiltersLogicalOperator = op }, @event ?? Event());

    [Fact]
    public void F01_all_kinds_true_under_and_pass() =>
        Assert.True(Run(new() { Time = new() { Start = "09:09:09", Stop = "19:19:19" }, Context = MatchingContext, Data = [KIsV] }).Pass);

    [Fact]
    public void F02_one_kind_false_under_and_fails_without_error()
    {
        var result = Run(new() { Time = new() { Start = "09:09:09", Stop = "10:10:10" }, Context = MatchingContext, Data = [KIsV] });
        Assert.False(result.Pass);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void F03_a_different_source_fails() =>
        Assert.False(Run(new() { Context = MatchingContext, Data = [KIsV] }, @event: Event(source: "webhook-fake")).Pass);

    [Fact]
    public void G12_data_true_under_or_passes_whatever_the_time_window() =>
        Assert.True(Run(new() { Data = [KIsV], Time = new() { Start = "01:00:00", Stop = "02:00:00" } }, "or").Pass);
}
