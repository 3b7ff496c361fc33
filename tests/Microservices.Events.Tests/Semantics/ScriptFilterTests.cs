using System.Globalization;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Lua filters beyond Argo's own cases (those are in Conformance/FilterScriptTests), and how a script combines with the other filter kinds.</summary>
public sealed class ScriptFilterTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    public static TheoryData<string, string, bool, bool> Cases() => new()
    {
        // script, event data, pass, error
        { "return event.count > 2", """{"count":3}""", true, false },
        { "return event.tags[2] == 'b'", """{"tags":["a","b"]}""", true, false },
        { "return 1", """{"a":1}""", false, false },                                                                                        // only boolean true passes
        { "return 'true'", """{"a":1}""", false, false },
        { "return {}", """{"a":1}""", false, false },
        { "local x = 1", """{"a":1}""", false, false },                                                                                     // nothing returned
        { "return false, true", """{"a":1}""", true, false },                                                                              // the last value counts
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Script_filters_follow_Argo(string script, string data, bool pass, bool error)
    {
        var result = ScriptFilter.Evaluate(script, Json(data));

        Assert.Equal(pass, result.Pass);
        Assert.Equal(error, result.HasErrors);
    }

    [Fact]
    public void Absent_or_null_data_passes_without_running_the_script()
    {
        Assert.True(ScriptFilter.Evaluate("error('not run')", null).Pass);
        Assert.True(ScriptFilter.Evaluate("error('not run')", Json("null")).Pass);
    }

    private static readonly EventContext MatchingContext = new() { Type = "webhook" };

    private static FilterResult Dependency(string script, string? op, EventContext? context = null) =>
        DependencyFilter.Evaluate(
            new EventDependency { Name = "d", Filters = new() { Script = script, Context = context }, FiltersLogicalOperator = op },
            new EventEnvelope { Type = "webhook", Time = DateTimeOffset.Parse("2024-07-15T10:00:00Z", CultureInfo.InvariantCulture), Data = Json("""{"a":"hello"}""") });

    [Fact]
    public void A_script_error_fails_the_dependency_even_when_another_kind_passes_under_or()
    {
        var result = Dependency("return a.a", "or", MatchingContext);

        Assert.False(result.Pass);
        Assert.Contains("script filter", Assert.Single(result.Errors));
    }

    [Fact]
    public void A_false_script_under_or_lets_another_kind_pass() =>
        Assert.True(Dependency("return false", "or", MatchingContext).Pass);

    [Fact]
    public void A_true_script_under_and_still_needs_the_other_kinds() =>
        Assert.False(Dependency("return true", "and", new EventContext { Type = "calendar" }).Pass);
}
