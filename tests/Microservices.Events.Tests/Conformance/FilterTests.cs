using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;
using static Microservices.Events.Tests.Conformance.FilterSpecs;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Argo's <c>pkg/sensors/dependencies/filter_test.go</c>: <c>filtersLogicalOperator</c> with <c>dataLogicalOperator</c> and <c>exprLogicalOperator</c>.</summary>
public sealed class FilterTests
{
    public sealed record Row(ArgoCase Case, EventDependencyFilter Filters, string? Operator, EventEnvelope Event, bool Pass, bool Error) : IArgoCase;

    private const string KV = """{"k": "v"}""";
    private const string ABC = """{ "a": "x", "b": 10, "c": { "d": "hello world", "e": false } }""";

    private static Row C(string name, EventDependencyFilter filters, string? op, string data, bool pass, bool error = false) =>
        new(new ArgoCase(ArgoCase.GoName("TestFilter", name)), filters, op, Event(data), pass, error);

    /// <summary>Data filters A (<c>a</c>) and B (<c>b</c>), expressions C (<c>d</c>) and D (<c>e</c>), with their list operators.</summary>
    private static EventDependencyFilter Abcd(string? dataOp, string a, string b, string? exprOp, string c, string d, string cField = "d=c.d") => new()
    {
        DataLogicalOperator = dataOp,
        Data = [Data("a", "string", a), Data("b", "number", b)],
        ExprLogicalOperator = exprOp,
        Exprs = [Expr(c, cField), Expr(d, "e=c.e")],
    };

    public static readonly Row[] Cases =
    [
        C("test empty", new(), "and", KV, true),
        C("test event passing", new() { Data = [Data("k", "string", "v")] }, "and", KV, true),
        C("test event not passing", new() { Data = [Data("z", "string", "v")] }, "and", KV, false, true),
        C("test error", new() { Time = Time("09:09:0", "19:19:19") }, "and", KV, false, true),
        C("test 'empty' filtersLogicalOperator", new() { Context = Context(), Data = [Data("k", "string", "z")] }, null, KV, false),
        C("test 'empty' filtersLogicalOperator with error", new() { Context = Context(), Data = [Data("z", "string", "v")] }, null, KV, false, true),
        C("test 'and' filtersLogicalOperator", new() { Context = Context("webhook-fake"), Data = [Data("k", "string", "v")] }, "and", KV, false),
        C("test 'and' filtersLogicalOperator with error", new() { Context = Context(), Data = [Data("z", "string", "v")] }, "and", KV, false, true),
        C("test 'or' filtersLogicalOperator", new() { Context = Context(), Data = [Data("z", "string", "v")] }, "or", KV, true, true),
        C("test 'or' filtersLogicalOperator with error", new() { Context = Context(), Data = [Data("z", "string", "v")] }, "or", KV, true, true),
        C("test advanced logic: (A && B) && (C && D)", Abcd(null, "x", "10", null, """d == "hello world" """, "e == false"), null, ABC, true),
        C("test advanced logic: (A && B) && (C && D) with error",
            Abcd(null, "x", "10", null, """d == "hello world" """, "e == false\"") with { Data = [Data("z", "string", "x"), Data("b", "number", "10")] }, null, ABC, false, true),
        C("test advanced logic: (A && B) || (C && D)", Abcd("and", "x", "10", "and", """d == "hello world" """, "e == true"), "or", ABC, true),
        C("test advanced logic: (A || B) && (C || D)", Abcd("or", "x", "11", "or", """d == "hello world" """, "e == true"), "and", ABC, true),
        C("filtersLogicalOperator == 'or' with only a subset of filters specified",
            new()
            {
                Exprs = [Expr("""A == "not-valid" """, "A=a.b")],
                Data = [Data("a.d.e.f", "string", "not-valid"), Data("a.h.i", "string", "not-valid", "not-valid-2")],
            }, "or", """{"a":{"b":"c","d":{"e":{"f":"g"}},"h":{"i":"j"}}}""", false),
        C("test advanced logic: (A || B) || (C || D)", Abcd("or", "y", "11", "or", """d == "hello world" """, "e == false"), "or", ABC, true),
        C("test advanced logic: (A && B) || (C || D)", Abcd("and", "x", "10", "or", """d == "hello everybody" """, "e == true"), "or", ABC, true),
        C("test advanced logic: (A || B) || (C && D)", Abcd("or", "x", "11", "and", """d == "hello everybody" """, "e == false"), "or", ABC, true),
        C("test advanced logic: (A && B) && (C || D)", Abcd("and", "x", "11", "or", """d == "hello everybody" """, "e == true"), "and", ABC, false),
        C("test advanced logic: (A || B) && (C && D)", Abcd("or", "x", "10", "and", """f == "hello world" """, "e == false", "f=c.f"), "and", ABC, false, true),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Logical_operators_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);

        var result = DependencyFilter.Evaluate(new EventDependency { Name = "d", Filters = c.Filters, FiltersLogicalOperator = c.Operator }, c.Event);

        Assert.True(c.Pass == result.Pass, $"pass: {result.Pass}");
        Assert.True(c.Error == result.HasErrors, $"errors: {string.Join("; ", result.Errors)}");
    }

    public static IEnumerable<ArgoCase> Inventory => Cases.Select(c => c.Case);
}
