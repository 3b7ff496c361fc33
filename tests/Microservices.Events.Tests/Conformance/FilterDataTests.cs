using System.Text.Json;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Semantics.Simulation;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Argo's <c>pkg/sensors/dependencies/filter_data_test.go</c>: data filters over the event data.</summary>
public sealed class FilterDataTests
{
    /// <param name="Data">The event data as JSON text; null for an event without data.</param>
    public sealed record Row(ArgoCase Case, DataFilter[]? Filters, string? Operator, string? Data, bool Pass, bool Error) : IArgoCase;

    private const string Nested = """{"k": true, "k1": {"k": 3.14, "k2": "hello, world"}}""";

    private static Row C(string name, DataFilter[]? filters, string? data, bool pass, bool error, string? op = null) =>
        new(new ArgoCase(ArgoCase.GoName("TestFilterData", name)), filters, op, data, pass, error);

    private static DataFilter F(string path, string? type, string[]? values, string? comparator = null, string? template = null) =>
        new() { Path = path, Type = type, Value = values, Comparator = comparator, Template = template };

    public static readonly Row[] Cases =
    [
        // "nil event" has no counterpart: no event, no filtering (see Nil_event_cannot_reach_the_filters).
        // Argo's data `a` is not JSON; here a CloudEvent's data is JSON, and a bare string has no key `k` either.
        C("unsupported content type", [F("k", "string", ["v"])], "\"a\"", false, true),
        C("empty data", [F("k", "string", ["v"])], null, true, false),
        C("nil filters, JSON data", null, """{"k": "v"}""", true, false),
        C("invalid filter path, JSON data", [F("", "string", null)], """{"k": "v"}""", false, true),
        C("invalid filter type, JSON data", [F("k", null, null)], """{"k": "v"}""", false, true),
        C("invalid filter values, JSON data", [F("k", "string", [])], """{"k": "v"}""", false, true),
        C("string filter, JSON data", [F("k", "string", ["v"])], """{"k": "v"}""", true, false),
        C("string filter EqualTo, JSON data", [F("k", "string", ["v"], "=")], """{"k": "v"}""", true, false),
        C("string filter NotEqualTo, JSON data", [F("k", "string", ["b"], "!=")], """{"k": "v"}""", true, false),
        C("number filter (data: string, filter: number), JSON data", [F("k", "number", ["1.0"])], """{"k": "1.0"}""", true, false),
        C("comparator filter GreaterThan return true (data: string, filter: number), JSON data", [F("k", "number", ["1.0"], ">")], """{"k": "2.0"}""", true, false),
        C("comparator filter LessThanOrEqualTo return false (data: string, filter: number), JSON data", [F("k", "number", ["1.0"], "<=")], """{"k": "2.0"}""", false, false),
        C("comparator filter NotEqualTo (data: string, filter: number), JSON data", [F("k", "number", ["1.0"], "!=")], """{"k": "1.0"}""", false, false),
        C("comparator filter EqualTo (data: string, filter: number), JSON data", [F("k", "number", ["5.0"], "=")], """{"k": "5.0"}""", true, false),
        C("comparator filter empty (data: string, filter: number), JSON data", [F("k", "number", ["10.0"])], """{"k": "10.0"}""", true, false),
        C("number filter (data: number, filter: number), JSON data", [F("k", "number", ["1.0"])], """{"k": 1.0}""", true, false),
        C("comparator filter GreaterThan return true (data: number, filter: number), JSON data", [F("k", "number", ["1.0"], ">")], """{"k": 2.0}""", true, false),
        C("comparator filter LessThanOrEqualTo return false (data: number, filter: number), JSON data", [F("k", "number", ["1.0"], "<=")], """{"k": 2.0}""", false, false),
        C("comparator filter NotEqualTo (data: number, filter: number), JSON data", [F("k", "number", ["1.0"], "!=")], """{"k": 1.0}""", false, false),
        C("comparator filter EqualTo (data: number, filter: number), JSON data", [F("k", "number", ["5.0"], "=")], """{"k": 5.0}""", true, false),
        C("comparator filter empty (data: number, filter: number), JSON data", [F("k", "number", ["10.0"])], """{"k": 10.0}""", true, false),
        C("multiple filters return false, nested JSON data, EMPTY operator",
            [F("k", "string", ["v"]), F("k1.k", "number", ["2.14"]), F("k1.k2", "string", ["hello,world", "hello there"])], Nested, false, false),
        C("multiple filters return false, nested JSON data, AND operator",
            [F("k", "bool", ["true"]), F("k1.k", "number", ["3.14"]), F("k1.k2", "string", ["hello,world", "hello, world", "hello there"])], Nested, true, false, "and"),
        C("multiple filters return true, nested JSON data, OR operator",
            [F("k", "bool", ["false"]), F("k1.k", "number", ["3.14"]), F("k1.k2", "string", ["hello,world", "hello there"])], Nested, true, false, "or"),
        C("string filter Regex, JSON data", [F("""[k,k1.a.#(k2=="v2").k2]""", "string", [@"\bv\b.*\bv2\b"], "=")],
            """{"k": "v", "k1": {"a": [{"k2": "v2"}]}}""", true, false),
        C("string filter Regex2, JSON data", [F("""[k,k1.a.#(k2=="v2").k2,,k1.a.#(k2=="v3").k2]""", "string", [@"(\bz\b.*\bv2\b)|(\bv\b.*(\bv2\b.*\bv3\b))"])],
            """{"k": "v", "k1": {"a": [{"k2": "v2"}, {"k2": "v3"}]}}""", true, false),
        C("string filter base64, uppercase template", [F("k", "string", ["HELLO WORLD"], template: "{{ b64dec .Input | upper }}")], """{"k": "aGVsbG8gd29ybGQ="}""", true, false),
        C("string filter base64 template", [F("k", "number", ["3.13"], ">", "{{ b64dec .Input }}")], """{"k": "My4xNA=="}""", true, false),
        C("string filter base64 template, comparator not equal", [F("k", "string", ["hello world"], "!=", "{{ b64dec .Input }}")], """{"k": "aGVsbG8gd29ybGQ"}""", true, false),
        C("string filter base64 template, regex", [F("k", "string", ["world$"], template: "{{ b64dec .Input }}")], """{"k": "aGVsbG8gd29ybGQ="}""", true, false),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Data_filters_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);
        JsonElement? data = c.Data is null ? null : JsonDocument.Parse(c.Data).RootElement;

        var result = DataFilters.Evaluate(c.Filters, c.Operator, data);

        Assert.True(c.Pass == result.Pass, $"pass: {result.Pass}");
        Assert.True(c.Error == result.HasErrors, $"errors: {string.Join("; ", result.Errors)}");
    }

    /// <summary>TestFilterData/nil_event: Argo fails a filter given no event; here no event means nothing to filter, as the reader refuses it.</summary>
    public static readonly ArgoCase NilEvent = new(ArgoCase.GoName("TestFilterData", "nil event"),
        "no event cannot reach a filter: a line that is not a CloudEvent is refused where it is read");

    [Fact]
    public void Nil_event_cannot_reach_the_filters() =>
        Assert.Throws<FormatException>(() => CloudEventJson.Parse("null"));

    public static IEnumerable<ArgoCase> Inventory => [NilEvent, .. Cases.Select(c => c.Case)];
}
