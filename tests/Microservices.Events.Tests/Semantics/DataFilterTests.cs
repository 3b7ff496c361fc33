using System.Text.Json;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Data filters beyond Argo's own cases (those are in Conformance/FilterDataTests): data, filters "path type [values] comparator", operator, verdict.</summary>
public sealed class DataFilterTests
{
    private const string Nested = """{"k":true,"k1":{"k":3.14,"k2":"hello, world"}}""";

    public static TheoryData<string, string, string?, bool, bool> Cases() => new()
    {
        // data, filters (';'-separated "path|type|v1,v2|cmp"), operator, pass, error
        { """{"k":"v"}""", "z|string|v|", null, false, true },                 // missing path
        { """{"k":"v"}""", "z|string|v|;k|string|v|", "or", true, false },     // missing path under or: first true wins
        { """{"k":"foo"}""", "k|string|foo~bar|!=", null, true, false },       // issue #3215: != values are OR-ed
        { """{"k":"very"}""", "k|string|v|", null, true, false },              // unanchored regex
        { """{"k":"abc"}""", "k|string|abc|>", null, false, false },           // strings never pass < >
        { """{"k":1}""", "k|bool|true|>", null, true, false },                 // bool ignores comparator; non-zero is true
        { """{"k":"true"}""", "k|bool|T|", null, true, false },                // Go ParseBool spellings
        { """{"k":"x"}""", "k|bool|maybe|", null, false, true },               // not a bool
        { """{"k":"x"}""", "k|number|ten|", null, false, true },               // not a number
        { """{"k":"x"}""", "k|number|0|", null, true, false },                 // non-numeric field reads as 0
        { """{"a":[{"b":1},{"b":2}]}""", "a.1.b|number|2|", null, true, false },        // array index
        { """{"a":[1,2,3]}""", "a.#|number|3|", null, true, false },                     // array length
        { """{"a.b":"dotted"}""", @"a\.b|string|dotted|", null, true, false },           // escaped dot
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Data_filters_follow_Argo(string data, string filters, string? logicalOperator, bool pass, bool error)
    {
        var result = DataFilters.Evaluate(Parse(filters), logicalOperator, JsonDocument.Parse(data).RootElement);

        Assert.Equal(pass, result.Pass);
        Assert.Equal(error, result.HasErrors);
    }

    public static TheoryData<string, string, string, string, string, string?, string?, string> Templated() => new()
    {
        // row, data, path, type, values ('~'-separated), comparator, template, expect (pass | fail | error)
        { "multipath text is JSON", """{"a":1,"b":{"c":"x"}}""", "[a,b.c]", "string", """^\[1,"x"\]$""", null, null, "pass" },
        { "query all matches", """{"items":[{"n":1},{"n":5},{"n":9}]}""", "items.#(n>3)#.n", "string", @"^\[5,9\]$", null, null, "pass" },
        { "wildcard key", """{"temperature":21.5}""", "temp*", "number", "20", ">", null, "pass" },
        { "template output replaces a number", """{"k":2}""", "k", "number", "10", ">", "{{ .Input }}0", "pass" },
        { "template output read as bool", """{"k":"yes"}""", "k", "bool", "true", null, """{{ eq .Input "yes" }}""", "pass" },
        { "template output that does not match", """{"k":"abc"}""", "k", "string", "^ABC$", null, "{{ .Input }}", "fail" },
        { "empty template output", """{"k":"v"}""", "k", "string", "v", null, "{{ if false }}x{{ end }}", "error" },
        { "no value template output", """{"k":"v"}""", "k", "string", "v", null, "{{ .Missing }}", "error" },
        { "unparsable template", """{"k":"v"}""", "k", "string", "v", null, "{{ no }}", "error" },
        { "failing template", """{"k":"v"}""", "k", "string", "v", null, "{{ .Input.x }}", "error" },
    };

    [Theory]
    [MemberData(nameof(Templated))]
    public void Data_filter_templates_and_gjson_paths_follow_Argo(string row, string data, string path, string type, string values, string? comparator, string? template, string expect)
    {
        var filter = new DataFilter { Path = path, Type = type, Value = values.Split('~'), Comparator = comparator, Template = template };

        var result = DataFilters.Evaluate([filter], null, JsonDocument.Parse(data).RootElement);

        Assert.True(expect == "pass" == result.Pass, $"{row}: pass={result.Pass} {string.Join("; ", result.Errors)}");
        Assert.True(expect == "error" == result.HasErrors, $"{row}: errors={string.Join("; ", result.Errors)}");
    }

    [Fact]
    public void Absent_data_passes_data_filters()
    {
        Assert.True(DataFilters.Evaluate(Parse("k|string|v|"), null, null).Pass);
    }

    private static List<DataFilter> Parse(string filters) =>
        filters.Split(';').Select(f => f.Split('|')).Select(p => new DataFilter
        {
            Path = p[0],
            Type = p[1],
            Value = p[2].Length == 0 ? [] : p[2].Split('~'),
            Comparator = p[3],
        }).ToList();
}
