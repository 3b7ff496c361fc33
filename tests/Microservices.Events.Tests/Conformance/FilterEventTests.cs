using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;
using static Microservices.Events.Tests.Conformance.FilterSpecs;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Argo's <c>pkg/sensors/dependencies/filter_event_test.go</c>: every filter kind of a dependency together, under <c>filtersLogicalOperator: and</c>.</summary>
public sealed class FilterEventTests
{
    public sealed record Row(ArgoCase Case, EventDependencyFilter Filters, EventEnvelope Event, bool Pass, bool Error) : IArgoCase;

    private const string KV = """{"k": "v"}""";

    private static Row C(string test, string name, EventDependencyFilter filters, EventEnvelope @event, bool pass, bool error = false) =>
        new(new ArgoCase(ArgoCase.GoName(test, name)), filters, @event, pass, error);

    private static EventDependencyFilter All(string stop = "19:19:19", string value = "v", string expr = """k != "x" """) => new()
    {
        Time = Time("09:09:09", stop),
        Context = Context(),
        Data = [Data("k", "string", value)],
        Exprs = [Expr(expr, "k=k")],
    };

    public static readonly Row[] Cases =
    [
        C("TestFilterEvent_All", "test all valid", All(), Event(KV), true),
        C("TestFilterEvent_All", "test time not valid", All(stop: "10:10:10"), Event(KV), false),
        C("TestFilterEvent_All", "test ctx not valid", All(), Event(KV, source: "webhook-fake"), false),
        C("TestFilterEvent_All", "test data not valid", All(expr: """k == "x" """), Event("""{"k": "x"}"""), false),
        C("TestFilterEvent_All", "test expr not valid", All(expr: """k != "v" """), Event(KV), false),
        C("TestFilterEvent_Expr", "test valid", new() { Exprs = [Expr("""k != "x" """, "k=k")] }, Event(KV), true),
        C("TestFilterEvent_Expr", "test not valid", new() { Exprs = [Expr("""k != "v" """, "k=k")] }, Event(KV), false),
        C("TestFilterEvent_Expr", "test error", new() { Exprs = [Expr("""k !== "x" """, "k=k")] }, Event(KV), false, true),
        C("TestFilterEvent_Data", "test valid", new() { Data = [Data("k", "string", "v")] }, Event(KV), true),
        C("TestFilterEvent_Data", "test not valid", new() { Data = [Data("k", "string", "x")] }, Event(KV), false),
        C("TestFilterEvent_Data", "test error", new() { Data = [Data("k", "string")] }, Event(KV), false, true),
        C("TestFilterEvent_Context", "test valid", new() { Context = Context() }, Event(KV), true),
        C("TestFilterEvent_Context", "test not valid", new() { Context = Context("webhook-fake") }, Event(KV), false),
        C("TestFilterEvent_Time", "test valid", new() { Time = Time("09:09:09", "19:19:19") }, Event(KV), true),
        C("TestFilterEvent_Time", "test not valid", new() { Time = Time("09:09:09", "10:10:10") }, Event(KV), false),
        C("TestFilterEvent_Time", "test error", new() { Time = Time("09:09:09", "10:10") }, Event(KV), false, true),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Filter_kinds_together_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);

        var result = DependencyFilter.Evaluate(new EventDependency { Name = "d", Filters = c.Filters, FiltersLogicalOperator = "and" }, c.Event);

        Assert.True(c.Pass == result.Pass, $"pass: {result.Pass}");
        Assert.True(c.Error == result.HasErrors, $"errors: {string.Join("; ", result.Errors)}");
    }

    public static IEnumerable<ArgoCase> Inventory => Cases.Select(c => c.Case);
}
