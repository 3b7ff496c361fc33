using System.Globalization;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Expression filters combined with the other kinds by filtersLogicalOperator (argo-cases.md §6: F01, F04–F08, G10–G19).</summary>
public sealed class CombinedExprFilterTests
{
    private sealed record Case(EventDependencyFilter Filters, string? Operator, string Data, bool Pass, bool Error);

    private const string G = """{"a":"x","b":10,"c":{"d":"hello world","e":false}}""";

    private static readonly EventContext Webhook = new() { Type = "webhook", Source = "webhook-gateway" };
    private static readonly TimeFilter OpenHours = new() { Start = "09:09:09", Stop = "19:19:19" };

    private static ExprFilter X(string expr, params (string Name, string Path)[] fields) =>
        new() { Expr = expr, Fields = fields.Select(f => new PayloadField { Name = f.Name, Path = f.Path }).ToList() };

    private static DataFilter D(string path, string type, params string[] values) => new() { Path = path, Type = type, Value = values };

    private static readonly DataFilter A = D("a", "string", "x");
    private static readonly DataFilter B10 = D("b", "number", "10");
    private static readonly DataFilter B11 = D("b", "number", "11");
    private static readonly ExprFilter DIsHelloWorld = X("d == \"hello world\"", ("d", "c.d"));
    private static readonly ExprFilter DIsHelloEverybody = X("d == \"hello everybody\"", ("d", "c.d"));
    private static readonly ExprFilter EIsFalse = X("e == false", ("e", "c.e"));
    private static readonly ExprFilter EIsTrue = X("e == true", ("e", "c.e"));

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["F01"] = new(new() { Time = OpenHours, Context = Webhook, Data = [D("k", "string", "v")], Exprs = [X("k != \"x\"", ("k", "k"))] }, "and", """{"k":"v"}""", true, false),
        ["F04"] = new(new() { Time = OpenHours, Context = Webhook, Data = [D("k", "string", "v")], Exprs = [X("k == \"x\"", ("k", "k"))] }, "and", """{"k":"x"}""", false, false),
        ["F05"] = new(new() { Time = OpenHours, Context = Webhook, Data = [D("k", "string", "v")], Exprs = [X("k != \"v\"", ("k", "k"))] }, "and", """{"k":"v"}""", false, false),
        ["F06"] = new(new() { Exprs = [X("k != \"x\"", ("k", "k"))] }, "and", """{"k":"v"}""", true, false),
        ["F07"] = new(new() { Exprs = [X("k != \"v\"", ("k", "k"))] }, "and", """{"k":"v"}""", false, false),
        ["F08"] = new(new() { Exprs = [X("k !== \"x\"", ("k", "k"))] }, "and", """{"k":"v"}""", false, true),
        ["G10"] = new(new() { Data = [A, B10], Exprs = [DIsHelloWorld, EIsFalse] }, null, G, true, false),
        ["G11"] = new(new() { Data = [D("z", "string", "x"), B10], Exprs = [DIsHelloWorld, X("e == false\"", ("e", "c.e"))] }, null, G, false, true),
        ["G12"] = new(new() { Data = [A, B10], DataLogicalOperator = "and", Exprs = [DIsHelloWorld, EIsTrue], ExprLogicalOperator = "and" }, "or", G, true, false),
        ["G13"] = new(new() { Data = [A, B11], DataLogicalOperator = "or", Exprs = [DIsHelloWorld, EIsTrue], ExprLogicalOperator = "or" }, "and", G, true, false),
        ["G14"] = new(
            new() { Data = [D("a.d.e.f", "string", "not-valid"), D("a.h.i", "string", "not-valid", "not-valid-2")], Exprs = [X("A == \"not-valid\"", ("A", "a.b"))] },
            "or", """{"a":{"b":"c","d":{"e":{"f":"g"}},"h":{"i":"j"}}}""", false, false),
        ["G15"] = new(new() { Data = [D("a", "string", "y"), B11], DataLogicalOperator = "or", Exprs = [DIsHelloWorld, EIsFalse], ExprLogicalOperator = "or" }, "or", G, true, false),
        ["G16"] = new(new() { Data = [A, B10], DataLogicalOperator = "and", Exprs = [DIsHelloEverybody, EIsTrue], ExprLogicalOperator = "or" }, "or", G, true, false),
        ["G17"] = new(new() { Data = [A, B11], DataLogicalOperator = "or", Exprs = [DIsHelloEverybody, EIsFalse], ExprLogicalOperator = "and" }, "or", G, true, false),
        ["G18"] = new(new() { Data = [A, B11], DataLogicalOperator = "and", Exprs = [DIsHelloEverybody, EIsTrue], ExprLogicalOperator = "or" }, "and", G, false, false),
        ["G19"] = new(new() { Data = [A, B10], DataLogicalOperator = "or", Exprs = [X("f == \"hello world\"", ("f", "c.f")), EIsFalse], ExprLogicalOperator = "and" }, "and", G, false, true),
    };

    public static TheoryData<string> Rows() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Filter_kinds_combine_as_in_Argo(string row)
    {
        var c = Cases[row];
        var @event = new EventEnvelope
        {
            Type = "webhook",
            Source = "webhook-gateway",
            Subject = "example-1",
            Time = DateTimeOffset.Parse("2024-07-15T16:36:34Z", CultureInfo.InvariantCulture),
            Data = JsonDocument.Parse(c.Data).RootElement,
        };

        var result = DependencyFilter.Evaluate(new EventDependency { Name = "d", Filters = c.Filters, FiltersLogicalOperator = c.Operator }, @event);

        Assert.Equal(c.Pass, result.Pass);
        Assert.Equal(c.Error, result.HasErrors);
    }
}
