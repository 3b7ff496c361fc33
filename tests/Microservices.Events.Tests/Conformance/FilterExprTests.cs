using System.Text.Json;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Semantics.Simulation;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Argo's <c>pkg/sensors/dependencies/filter_expr_test.go</c>: govaluate expression filters over fields of the data.</summary>
public sealed class FilterExprTests
{
    /// <param name="Data">The event data as JSON text; null for an event without data.</param>
    /// <param name="ErrorPath">The missing path the error names; null when no error is expected.</param>
    public sealed record Row(ArgoCase Case, ExprFilter[]? Filters, string? Operator, string? Data, bool Pass, string? ErrorPath) : IArgoCase;

    private static Row C(string name, string? data, ExprFilter[]? filters, bool pass, string? errorPath = null, string? op = null) =>
        new(new ArgoCase(ArgoCase.GoName("TestFilterExpr", name)), filters, op, data, pass, errorPath);

    /// <summary>An expression with its fields given as <c>name=path</c>.</summary>
    private static ExprFilter E(string expr, params string[] fields) => new()
    {
        Expr = expr,
        Fields = fields.Select(f => f.Split('=')).Select(p => new PayloadField { Name = p[0], Path = p[1] }).ToList(),
    };

    private const string BD = """{"a": {"b": "x", "d": "y"}}""";
    private const string BDE = """{"a": {"b": "x", "d": {"e": true}}}""";
    private const string BCD = """{"a": {"b": "x", "c": {"d": true}}}""";

    public static readonly Row[] Cases =
    [
        // "nil event" has no counterpart (see Nil_event_cannot_reach_the_filters).
        C("unsupported content type", "\"a\"", [E("""a == "b" """, "a=a")], false, "a"),
        C("empty data", null, [E("""a == "b" """, "a=a")], true),
        C("nil filters", """{"a": "b"}""", null, true),
        C("simple string equal", """{"a": "b"}""", [E("""a == "b" """, "a=a")], true),
        C("simple string different than", """{"a": "c"}""", [E("""a != "b" """, "a=a")], true),
        C("nested string equal", """{"a": {"b": "c"}}""", [E("""b == "b" """, "b=a.b")], false),
        C("number equal", """{"a": {"b": 2}}""", [E("b == 2", "b=a.b")], true),
        C("number less than", """{"a": {"b": 2}}""", [E("b < 1", "b=a.b")], false),
        C("string contains", """{"a": {"b": "start long string"}}""", [E("""b =~ "start" """, "b=a.b")], true),
        C("string does not contain", """{"a": {"b": "long string"}}""", [E("""b !~ "start" """, "b=a.b")], true),
        C("multiple filters, EMPTY operator", BD, [E("""b == "x" """, "b=a.b"), E("""d == "y" """, "d=a.d")], true),
        C("multiple filters, AND operator", BD, [E("""b == "x" """, "b=a.b"), E("""d == "d" """, "d=a.d")], false, op: "and"),
        C("multiple filters, OR operator", BD, [E("""b == "x" """, "b=a.b"), E("""d == "d" """, "d=a.d")], true, op: "or"),
        C("multiple filters, OR operator, one field not existing", BD, [E("""b == "b" """, "b=a.b"), E("""c == "c" """, "c=a.c")], false, "a.c", "or"),
        C("multiple filters, OR operator, one field not existing but not reached because first filter is false", BDE,
            [E("""b == "x" """, "b=a.b"), E("""c == "c" """, "c=a.c"), E("e == true", "e=a.d.e")], true, op: "or"),
        C("multiple filters, EMPTY operator, one field not existing but not reached because first filter is false", BD,
            [E("""b == "b" """, "b=a.b"), E("""c == "c" """, "c=a.c")], false),
        C("multiple filters, EMPTY operator, one field not existing", BD, [E("""b == "x" """, "b=a.b"), E("""c == "c" """, "c=a.c")], false, "a.c"),
        C("multiple filters, AND operator, one field not existing", BDE,
            [E("""b == "x" """, "b=a.b"), E("""c == "c" """, "c=a.c"), E("e == true", "e=a.d.e")], false, "a.c", "and"),
        C("AND comparator inside expr (different than expr logical operator), one field not existing", BCD,
            [E("""b != "b" && d == true""", "b=a.b", "d=a.d")], false, "a.d"),
        C("AND comparator inside expr (different than expr logical operator)", BCD,
            [E("""b != "b" && d == true""", "b=a.b", "d=a.c.d")], true, op: "or"),
        C("OR comparator inside expr (different than expr logical operator)", """{"a": {"b": "b", "c": {"d": false}}}""",
            [E("""b == "b" || d == true""", "b=a.b", "d=a.c.d")], true),
        C("multiple comparators inside expr (different than expr logical operator)", """{"a": {"b": "b", "c": {"d": false}, "e": 2}}""",
            [E("""b == "b" || (d == true && e == 2)""", "b=a.b", "d=a.c.d")], true),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Expression_filters_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);
        JsonElement? data = c.Data is null ? null : JsonDocument.Parse(c.Data).RootElement;

        var result = ExprFilters.Evaluate(c.Filters, c.Operator, data);

        Assert.True(c.Pass == result.Pass, $"pass: {result.Pass}");
        if (c.ErrorPath is null)
        {
            Assert.False(result.HasErrors, string.Join("; ", result.Errors));
        }
        else
        {
            Assert.Contains(result.Errors, e => e.Contains($"'{c.ErrorPath}'", StringComparison.Ordinal));
        }
    }

    public static readonly ArgoCase NilEvent = new(ArgoCase.GoName("TestFilterExpr", "nil event"),
        "no event cannot reach a filter: a line that is not a CloudEvent is refused where it is read");

    [Fact]
    public void Nil_event_cannot_reach_the_filters() =>
        Assert.Throws<FormatException>(() => CloudEventJson.Parse("null"));

    public static IEnumerable<ArgoCase> Inventory => [NilEvent, .. Cases.Select(c => c.Case)];
}
