using System.Text.Json;
using Microservices.Events.Semantics.Paths;

namespace Microservices.Events.Tests.Semantics;

/// <summary>gjson path semantics on one order document: path, and the JSON text found (null = does not exist).</summary>
public sealed class GJsonPathTests
{
    private const string Order = """
        {
          "order": {"id": "A-17", "status": "paid"},
          "total": 42.5,
          "tags": ["new", "gift", "rush"],
          "ship.to": "Lyon",
          "axb": 2,
          "a*b": 1,
          "items": [
            {"sku": "pen", "qty": 3, "price": 1.5, "colors": ["red", "blue"], "gift": true},
            {"sku": "ink", "qty": 1, "price": 9, "colors": ["black"], "gift": false},
            {"sku": "pad", "qty": 10, "price": 2.25, "colors": [], "gift": "true"}
          ],
          "notes": null
        }
        """;

    public static TheoryData<string, string?> Paths() => new()
    {
        // keys, escapes, indexes, length
        { "order.id", "\"A-17\"" },
        { @"ship\.to", "\"Lyon\"" },
        { "tags.1", "\"gift\"" },
        { "tags.#", "3" },
        { "notes", "null" },
        { "order.id.x", null },
        { "tags.9", null },
        { "tags.x", null },
        { "", null },
        { "order.", null },
        // wildcards: first key in document order; an escaped star is literal
        { "ord*.status", "\"paid\"" },
        { "o?der.id", "\"A-17\"" },
        { "t*", "42.5" },
        { "a*b", "2" },
        { @"a\*b", "1" },
        { "tags.?", null },
        // #.key collects per element, missing values left out
        { "items.#.sku", """["pen","ink","pad"]""" },
        { "items.#.colors.#", "[2,1,0]" },
        { "items.#.colors.1", """["blue"]""" },
        { "items.#.{sku,qty}", """[{"sku":"pen","qty":3},{"sku":"ink","qty":1},{"sku":"pad","qty":10}]""" },
        // queries: first match, and all matches with #
        { """items.#(sku=="ink").qty""", "1" },
        { """items.#(sku="ink").qty""", "1" },
        { "items.#(qty>2)#.sku", """["pen","pad"]""" },
        { "items.#(qty>=10).sku", "\"pad\"" },
        { "items.#(price<2).sku", "\"pen\"" },
        { "items.#(price<=9)#.sku", """["pen","ink","pad"]""" },
        { """items.#(sku!="pen")#.sku""", """["ink","pad"]""" },
        { """items.#(sku>"o")#.sku""", """["pen","pad"]""" },
        { """items.#(sku%"p*")#.sku""", """["pen","pad"]""" },
        { """items.#(sku!%"p*")#.sku""", """["ink"]""" },
        { """items.#(qty=="3").sku""", "\"pen\"" },
        { "items.#(gift==true)#.sku", """["pen","pad"]""" },
        { "items.#(gift==~false)#.sku", """["ink"]""" },
        { """items.#(colors.#(=="blue")).sku""", "\"pen\"" },
        { "items.#(colors)#.sku", """["pen","ink","pad"]""" },
        { "items.#(missing)", null },
        { """items.#(sku=="zzz")""", null },
        { """items.#(sku=="zzz")#""", "[]" },
        { """tags.#(=="rush")""", "\"rush\"" },
        { """tags.#(%"*i*")#""", """["gift"]""" },
        { "items.#(qty>2", null },
        // multipaths: missing paths left out; object keys from the last component or a given name
        { "[order.id,total]", """["A-17",42.5]""" },
        { "[order.id,missing,,tags.0]", """["A-17","new"]""" },
        { @"[ship\.to,tags.#]", """["Lyon",3]""" },
        { "{order.id,total}", """{"id":"A-17","total":42.5}""" },
        { """{"ref":order.id,tags.#}""", """{"ref":"A-17","_":3}""" },
        { "{order.id,total}.id", "\"A-17\"" },
        { """[order.id,items.#(sku=="pad").qty]""", """["A-17",10]""" },
        // pipes apply the rest to the result so far
        { "items|#", "3" },
        { "items.#.sku|1", "\"ink\"" },
        { "items.#(qty>2)#|0.sku", "\"pen\"" },
        { "items.#(qty>2)#|sku", null },
        { "items.#(qty>2)#.0", "[]" },
        // @this
        { "@this.order.id", "\"A-17\"" },
        { "order.@this.status", "\"paid\"" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Paths_read_what_gjson_reads(string path, string? expected)
    {
        var root = JsonDocument.Parse(Order).RootElement;

        var found = JsonPath.TryGet(root, path, out var value);

        Assert.Equal(expected is not null, found);
        if (expected is not null)
        {
            Assert.Equal(expected, value.GetRawText());
        }
    }

    [Theory]
    [InlineData("order.id", "A-17")]
    [InlineData("total", "42.5")]
    [InlineData("notes", "")]
    [InlineData("[order.id,tags.#]", """["A-17",3]""")]
    [InlineData("items.0.gift", "true")]
    public void Results_read_as_text_like_gjson_String(string path, string expected)
    {
        Assert.True(JsonPath.TryGet(JsonDocument.Parse(Order).RootElement, path, out var value));
        Assert.Equal(expected, JsonPath.ToText(value));
    }

    [Theory]
    [InlineData("a", "a", true)]
    [InlineData("abc", "a*", true)]
    [InlineData("abc", "*c", true)]
    [InlineData("abc", "a?c", true)]
    [InlineData("abc", "a?", false)]
    [InlineData("a*c", @"a\*c", true)]
    [InlineData("abc", @"a\*c", false)]
    [InlineData("", "*", true)]
    [InlineData("héllo", "h?llo", true)]
    [InlineData("abcbd", "a*b?", true)]
    public void Wildcards_match_any_run_or_one_character(string text, string pattern, bool matches)
    {
        Assert.Equal(matches, WildcardPattern.IsMatch(text, pattern));
    }
}
