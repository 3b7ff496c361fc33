using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Semantics.Transforms;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Transforms beyond Argo's own cases (those are in Conformance/TransformTests), and how a transform comes before the filters.</summary>
public sealed class TransformTests
{
    private static EventEnvelope Event(string data, string contentType = "application/json") =>
        new() { Id = "e1", Source = "webhook", Subject = "example", Type = "webhook", DataContentType = contentType, Data = JsonDocument.Parse(data).RootElement };

    public static TheoryData<string?, string?, string, string?> Cases() => new()
    {
        // jq, Lua script, event data, new data (null: the transform fails)
        { ".a", null, """{"a":1}""", null },                                                                                 // X05
        { "{sum: (.a + .b), tags: [.tags[] | select(. != \"x\")]}", null, """{"a":1,"b":2,"tags":["x","y"]}""", """{"sum":3,"tags":["y"]}""" },
        { "empty", null, """{"a":1}""", null },                                                                              // no output
        { ".a.b", null, """{"a":5}""", null },                                                                               // runtime error
        { ".a |", null, """{"a":1}""", null },                                                                               // does not parse
        { null, "event.body.message = 'updated'\nreturn event", """{"body":{"message":"hi"}}""", """{"body":{"message":"updated"}}""" },
        { null, "return {1, 2}", """{"a":1}""", "[1,2]" },                                                                   // any table, as Argo
        { null, "return {f = print}", """{"a":1}""", null },                                                                 // no JSON form
        { null, "while true do end", """{"a":1}""", null },                                                                  // limit
        { ".jq", "return {lua = true}", """{"jq":{"wins":true}}""", """{"wins":true}""" },                                  // jq wins when both are set
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transforms_follow_Argo(string? jq, string? script, string data, string? expected)
    {
        var result = EventTransform.Apply(new EventDependencyTransformer { Jq = jq, Script = script }, Event(data, "text/plain"));

        if (expected is null)
        {
            Assert.NotNull(result.Error);
            Assert.Equal("text/plain", result.Event.DataContentType);
            return;
        }

        Assert.Null(result.Error);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, result.Event.Data!.Value), result.Event.Data!.Value.GetRawText());
        Assert.Equal("application/json", result.Event.DataContentType);
    }

    [Fact]
    public void Without_a_transform_or_without_data_the_event_is_the_same_object()
    {
        var @event = Event("""{"a":1}""");
        Assert.Same(@event, EventTransform.Apply(null, @event).Event);
        Assert.Same(@event, EventTransform.Apply(new EventDependencyTransformer(), @event).Event);

        var empty = @event with { Data = null };
        Assert.Same(empty, EventTransform.Apply(new EventDependencyTransformer { Jq = "error" }, empty).Event);
    }

    [Fact]
    public void Filters_see_the_transformed_data()
    {
        var dependency = new EventDependency
        {
            Name = "d",
            Transform = new() { Jq = ".env = (.env | tostring) + \"-suffix\"" },
            Filters = new() { Data = [new() { Path = "env", Type = "string", Value = ["^prod-suffix$"] }] },
        };

        var (transformed, result) = DependencyEvaluation.Evaluate(dependency, Event("""{"env":"prod"}"""));

        Assert.True(result.Pass);
        Assert.Equal("prod-suffix", transformed.Data!.Value.GetProperty("env").GetString());
        Assert.Equal("e1", transformed.Id);
    }

    [Fact]
    public void A_failed_transform_fails_the_dependency_and_keeps_the_event()
    {
        var @event = Event("""{"a":1}""");

        var (unchanged, result) = DependencyEvaluation.Evaluate(new EventDependency { Name = "d", Transform = new() { Jq = ".a" } }, @event);

        Assert.False(result.Pass);
        Assert.Contains("must be a JSON object", Assert.Single(result.Errors));
        Assert.Same(@event, unchanged);
    }
}
