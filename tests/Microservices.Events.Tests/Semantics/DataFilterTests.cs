using System.Text.Json;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Argo's data-filter vectors (argo-cases.md §1) restated: data, filters "path type [values] comparator", operator, verdict.</summary>
public sealed class DataFilterTests
{
    private const string Nested = """{"k":true,"k1":{"k":3.14,"k2":"hello, world"}}""";

    public static TheoryData<string, string, string?, bool, bool> Cases() => new()
    {
        // data, filters (';'-separated "path|type|v1,v2|cmp"), operator, pass, error
        { """{"k":"v"}""", "k|string|v|", null, true, false },                 // D08
        { """{"k":"v"}""", "k|string|v|=", null, true, false },                // D09
        { """{"k":"v"}""", "k|string|b|!=", null, true, false },               // D10
        { """{"k":"1.0"}""", "k|number|1.0|", null, true, false },             // D11
        { """{"k":"2.0"}""", "k|number|1.0|>", null, true, false },            // D12
        { """{"k":"2.0"}""", "k|number|1.0|<=", null, false, false },          // D13
        { """{"k":"1.0"}""", "k|number|1.0|!=", null, false, false },          // D14
        { """{"k":"5.0"}""", "k|number|5.0|=", null, true, false },            // D15
        { """{"k":"10.0"}""", "k|number|10.0|", null, true, false },           // D16
        { """{"k":1.0}""", "k|number|1.0|", null, true, false },               // D17
        { """{"k":2.0}""", "k|number|1.0|>", null, true, false },              // D18
        { """{"k":2.0}""", "k|number|1.0|<=", null, false, false },            // D19
        { """{"k":1.0}""", "k|number|1.0|!=", null, false, false },            // D20
        { """{"k":5.0}""", "k|number|5.0|=", null, true, false },              // D21
        { """{"k":10.0}""", "k|number|10.0|", null, true, false },             // D22
        { Nested, "k|string|v|;k1.k|number|2.14|;k1.k2|string|hello,world~hello there|", null, false, false },                   // D23
        { Nested, "k|bool|true|;k1.k|number|3.14|;k1.k2|string|hello,world~hello, world~hello there|", "and", true, false },      // D24
        { Nested, "k|bool|false|;k1.k|number|3.14|;k1.k2|string|hello,world~hello there|", "or", true, false },                  // D25
        { """{"k":"v"}""", "k|string||", null, false, true },                  // D07: no values
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
