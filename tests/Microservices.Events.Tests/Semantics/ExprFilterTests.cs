using System.Text.Json;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>
/// Argo's expression-filter vectors (argo-cases.md §2) restated. E01 (no event) and E02 (data that is not JSON)
/// cannot reach the filters here: an event always carries parsed JSON data or none, and the webhook answers 400 to
/// a body that is not JSON (WebhookTests).
/// </summary>
public sealed class ExprFilterTests
{
    private sealed record Case(string? Data, ExprFilter[] Exprs, string? Operator, bool Pass, bool Error, string? Message = null);

    private static ExprFilter X(string expr, params (string Name, string Path)[] fields) =>
        new() { Expr = expr, Fields = fields.Select(f => new PayloadField { Name = f.Name, Path = f.Path }).ToList() };

    private const string Xy = """{"a":{"b":"x","d":"y"}}""";
    private const string XdE = """{"a":{"b":"x","d":{"e":true}}}""";
    private const string XcD = """{"a":{"b":"x","c":{"d":true}}}""";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["E03"] = new(null, [X("a == \"b\"", ("a", "a"))], null, true, false),
        ["E04"] = new(null, [], null, true, false),
        ["E05"] = new("""{"a":"b"}""", [X("a == \"b\"", ("a", "a"))], null, true, false),
        ["E06"] = new("""{"a":"c"}""", [X("a != \"b\"", ("a", "a"))], null, true, false),
        ["E07"] = new("""{"a":{"b":"c"}}""", [X("b == \"b\"", ("b", "a.b"))], null, false, false),
        ["E08"] = new("""{"a":{"b":2}}""", [X("b == 2", ("b", "a.b"))], null, true, false),
        ["E09"] = new("""{"a":{"b":2}}""", [X("b < 1", ("b", "a.b"))], null, false, false),
        ["E10"] = new("""{"a":{"b":"start long string"}}""", [X("b =~ \"start\"", ("b", "a.b"))], null, true, false),
        ["E11"] = new("""{"a":{"b":"long string"}}""", [X("b !~ \"start\"", ("b", "a.b"))], null, true, false),
        ["E12"] = new(Xy, [X("b == \"x\"", ("b", "a.b")), X("d == \"y\"", ("d", "a.d"))], null, true, false),
        ["E13"] = new(Xy, [X("b == \"x\"", ("b", "a.b")), X("d == \"d\"", ("d", "a.d"))], "and", false, false),
        ["E14"] = new(Xy, [X("b == \"x\"", ("b", "a.b")), X("d == \"d\"", ("d", "a.d"))], "or", true, false),
        ["E15"] = new(Xy, [X("b == \"b\"", ("b", "a.b")), X("c == \"c\"", ("c", "a.c"))], "or", false, true, "path 'a.c' does not exist"),
        ["E16"] = new(XdE, [X("b == \"x\"", ("b", "a.b")), X("c == \"c\"", ("c", "a.c")), X("e == true", ("e", "a.d.e"))], "or", true, false),
        ["E17"] = new(Xy, [X("b == \"b\"", ("b", "a.b")), X("c == \"c\"", ("c", "a.c"))], null, false, false),
        ["E18"] = new(Xy, [X("b == \"x\"", ("b", "a.b")), X("c == \"c\"", ("c", "a.c"))], null, false, true, "path 'a.c' does not exist"),
        ["E19"] = new(XdE, [X("b == \"x\"", ("b", "a.b")), X("c == \"c\"", ("c", "a.c")), X("e == true", ("e", "a.d.e"))], "and", false, true, "path 'a.c' does not exist"),
        ["E20"] = new(XcD, [X("b != \"b\" && d == true", ("b", "a.b"), ("d", "a.d"))], null, false, true, "path 'a.d' does not exist"),
        ["E21"] = new(XcD, [X("b != \"b\" && d == true", ("b", "a.b"), ("d", "a.c.d"))], "or", true, false),
        ["E22"] = new("""{"a":{"b":"b","c":{"d":false}}}""", [X("b == \"b\" || d == true", ("b", "a.b"), ("d", "a.c.d"))], null, true, false),
        ["E23"] = new("""{"a":{"b":"b","c":{"d":false},"e":2}}""", [X("b == \"b\" || (d == true && e == 2)", ("b", "a.b"), ("d", "a.c.d"))], null, true, false),
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
