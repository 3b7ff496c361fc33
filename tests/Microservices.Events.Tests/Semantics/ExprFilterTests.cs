using System.Text.Json;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Expression filters beyond Argo's own cases (those are in Conformance/FilterExprTests): fields, binding, errors.</summary>
public sealed class ExprFilterTests
{
    private sealed record Case(string? Data, ExprFilter[] Exprs, string? Operator, bool Pass, bool Error, string? Message = null);

    private static ExprFilter X(string expr, params (string Name, string Path)[] fields) =>
        new() { Expr = expr, Fields = fields.Select(f => new PayloadField { Name = f.Name, Path = f.Path }).ToList() };

    private const string Xy = """{"a":{"b":"x","d":"y"}}""";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["zero fields are skipped under and"] = new(Xy, [X("nothing == 1"), X("b == \"x\"", ("b", "a.b"))], "and", true, false),
        ["only skipped filters under or do not pass"] = new(Xy, [X("nothing == 1")], "or", false, false),
        ["an unbound variable that is evaluated is an error"] = new(Xy, [X("b == \"x\" && e == 2", ("b", "a.b"))], null, false, true, "no parameter 'e' found"),
        ["a non-bool result is an error"] = new(Xy, [X("b + \"!\"", ("b", "a.b"))], null, false, true, "evaluated to string \"x!\", not a bool"),
        ["a parse error is collected under or"] = new(Xy, [X("b !== \"x\"", ("b", "a.b")), X("d == \"y\"", ("d", "a.d"))], "or", true, false),
        ["a parse error under and"] = new(Xy, [X("b !== \"x\"", ("b", "a.b"))], null, false, true, "invalid token '!=='"),
        ["arrays bind as lists"] = new("""{"tags":["a","b"]}""", [X("'b' IN tags", ("tags", "tags"))], null, true, false),
        ["objects bind as maps"] = new("""{"o":{"k":1},"p":{"k":1}}""", [X("o == p", ("o", "o"), ("p", "p"))], null, true, false),
        ["odd names in brackets"] = new("""{"a-b":3}""", [X("[my-field] > 2", ("my-field", "a-b"))], null, true, false),
        ["JSON null data has nothing to check"] = new("null", [X("a == 1", ("a", "a"))], null, true, false),
    };

    public static TheoryData<string> Rows() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Expression_filters_follow_Argo(string row)
    {
        var c = Cases[row];
        JsonElement? data = c.Data is null ? null : JsonDocument.Parse(c.Data).RootElement;

        var result = ExprFilters.Evaluate(c.Exprs, c.Operator, data);

        Assert.Equal(c.Pass, result.Pass);
        Assert.Equal(c.Error, result.HasErrors);
        if (c.Message is not null)
        {
            Assert.Contains(c.Message, Assert.Single(result.Errors));
        }
    }
}
