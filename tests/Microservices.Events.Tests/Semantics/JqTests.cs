using System.Text.Json;
using Microservices.Events.Semantics.Jq;

namespace Microservices.Events.Tests.Semantics;

/// <summary>The jq subset: program, input, and every output it gives (compared as JSON), or the error it raises.</summary>
public sealed class JqTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    public static TheoryData<string, string, string> Outputs() => new()
    {
        // paths
        { ".", """{"a":1}""", """[{"a":1}]""" },
        { ".a.b", """{"a":{"b":2}}""", "[2]" },
        { ".a[0], .a[-1], .a[5]", """{"a":[5,6]}""", "[5,6,null]" },
        { """.["key with space"], ."quoted", .a."b" """, """{"key with space":1,"quoted":2,"a":{"b":3}}""", "[1,2,3]" },
        { ".missing, .a.b", """{"a":null}""", "[null,null]" },
        { ".[]", "[1,2]", "[1,2]" },
        { ".[]", """{"b":2,"a":1}""", "[1,2]" },
        { ".a[.i]", """{"a":[10,20],"i":1}""", "[20]" },
        { ".a?, .b[]?, 1", """5""", "[1]" },
        // pipe, comma, alternative, precedence
        { ".a | .b", """{"a":{"b":1}}""", "[1]" },
        { "1, 2 | . + 1", "null", "[2,3]" },
        { "[.a, .b]", """{"a":1,"b":2}""", "[[1,2]]" },
        { """.a // "default" """, "{}", """["default"]""" },
        { """.a // "default" """, """{"a":false}""", """["default"]""" },
        { """.a // "default" """, """{"a":0}""", "[0]" },
        { "(.a, .b) // 3", """{"a":null,"b":2}""", "[2]" },
        { ".a.b.c // 1", """{"a":5}""", "[1]" },
        { ".a = 1 // 2", "{}", """[{"a":1}]""" },
        // arithmetic
        { ".a + 1, .s + .t, [1,2] + [3], {a:1} + {b:2}, null + 1", """{"a":1,"s":"x","t":"y"}""", """[2,"xy",[1,2,3],{"a":1,"b":2},1]""" },
        { "10 - 4, [1,2,3,2] - [2]", "null", "[6,[1,3]]" },
        { """2 * 3, "ab" * 3, "ab" * 0, 2 * "c" """, "null", """[6,"ababab",null,"cc"]""" },
        { "{a:{b:1}} * {a:{c:2}}", "null", """[{"a":{"b":1,"c":2}}]""" },
        { """7 / 2, "a,b,c" / ",", 7 % 3, -7 % 3""", "null", """[3.5,["a","b","c"],1,-1]""" },
        { "-.a, 1 + 2 * 3, (1 + 2) * 3, 10 - 2 - 3", """{"a":3}""", "[-3,7,9,5]" },
        { ".n + 1", """{"n":9007199254740993}""", "[9007199254740992]" },
        { ".n", """{"n":9007199254740993}""", "[9007199254740993]" },
        // comparisons and logic
        { ".a == 1, .a != 1, 1 < 2, \"a\" < \"b\", null < false, [1] < [1,0], [] < {}, {} == {}", """{"a":1}""", "[true,false,true,true,true,true,true,true]" },
        { ".a > 1 and .b < 3, false or true, .x and true, ((true, false) | not)", """{"a":2,"b":2}""", "[true,true,false,false,true]" },
        { "(true, false) and (true, false)", "null", "[true,false,false]" },
        // construction and literals
        { """{a: .x, "b": 1, c}""", """{"x":5,"c":6}""", """[{"a":5,"b":1,"c":6}]""" },
        { "{(.k): .v}", """{"k":"key","v":1}""", """[{"key":1}]""" },
        { "{a: (1,2)}", "null", """[{"a":1},{"a":2}]""" },
        { "{a: .x | . + 1, b: 2}", """{"x":1}""", """[{"a":2,"b":2}]""" },
        { "[.[] | . * 2], [], {}", "[1,2]", "[[2,4],[],{}]" },
        { "\"\\(.a)-\\(.b) \\(.o)\"", """{"a":1,"b":"x","o":{"k":[1]}}""", """["1-x {\"k\":[1]}"]""" },
        { "null, true, false, 1.5, \"s\\n\\u00e9\"", "null", """[null,true,false,1.5,"s\né"]""" },
        { ". # a comment\n| .a", """{"a":1}""", "[1]" },
        // builtins
        { "[.[] | select(. > 1)], map(. + 1)", "[1,2,3]", "[[2,3],[2,3,4]]" },
        { "map(.a)", """{"x":{"a":1},"y":{"a":2}}""", "[[1,2]]" },
        { "[.s, .a, .o, .n, .z][] | length", """{"s":"héllo","a":[1,2],"o":{"k":1},"n":-3,"z":null}""", "[5,2,1,3,0]" },
        { "keys, (.[\"b\"] | keys)", """{"b":[5,6],"a":2}""", """[["a","b"],[0,1]]""" },
        { "has(\"a\"), has(\"z\"), (.l | has(0), has(1))", """{"a":null,"l":[1]}""", "[true,false,true,false]" },
        { "del(.a), del(.l[0, 2]), del(.l[] | select(. == 2))", """{"a":1,"l":[1,2,3,2]}""", """[{"l":[1,2,3,2]},{"a":1,"l":[2,2]},{"a":1,"l":[1,3]}]""" },
        { "(.n, .o, .s) | tostring", """{"n":1,"o":{"a":1},"s":"s"}""", """["1","{\"a\":1}","s"]""" },
        { "(.s, .n) | tonumber", """{"s":" 1.5","n":3}""", "[1.5,3]" },
        { "[.[] | type]", """[null,true,1,"s",[],{}]""", """[["null","boolean","number","string","array","object"]]""" },
        { "(.n | add), (.s | add), (.e | add), empty", """{"n":[1,2,3],"s":["a","b"],"e":[]}""", """[6,"ab",null]""" },
        { """[.[] | if . > 1 then "big" elif . == 1 then "one" else "small" end]""", "[0,1,2]", """[["small","one","big"]]""" },
        { "if .a then \"yes\" end", """{"a":false}""", """[{"a":false}]""" },
        // assignment
        { ".a = 1, .a.b = 1, .a[2] = 1", "{}", """[{"a":1},{"a":{"b":1}},{"a":[null,null,1]}]""" },
        { ".a = .b", """{"b":5}""", """[{"a":5,"b":5}]""" },
        { ".a = (1, 2)", "{}", """[{"a":1},{"a":2}]""" },
        { ".a |= . + 1", """{"a":1}""", """[{"a":2}]""" },
        { ".[] |= . * 2", "[1,2]", "[[2,4]]" },
        { ".a += 1 | .b *= 2", """{"a":1,"b":"2"}""", """[{"a":2,"b":"22"}]""" },
        { ".a -= 1, .a /= 2, .a %= 2, .a *= 3", """{"a":5}""", """[{"a":4},{"a":2.5},{"a":1},{"a":15}]""" },
        { ".a //= 5, .b //= 5", """{"a":null,"b":1}""", """[{"a":5,"b":1},{"a":null,"b":1}]""" },
        { ".a |= empty", """{"a":1,"b":2}""", """[{"b":2}]""" },
        { ".[] |= select(. > 1)", "[1,2,3]", "[[2,3]]" },
        { "(.a, .b) = 0", """{"a":1,"b":2,"c":3}""", """[{"a":0,"b":0,"c":3}]""" },
        { """(.[] | select(.k == "x") | .v) = 9""", """[{"k":"x","v":1},{"k":"y","v":2}]""", """[[{"k":"x","v":9},{"k":"y","v":2}]]""" },
        { """.items[] |= (.n += 1) | .count = (.items | length)""", """{"items":[{"n":1},{"n":2}]}""", """[{"count":2,"items":[{"n":2},{"n":3}]}]""" },
        { """.body.message *= 2""", """{"body":{"message":"ab"}}""", """[{"body":{"message":"abab"}}]""" },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Programs_give_jqs_outputs(string program, string input, string expected)
    {
        var outputs = JqQuery.All(program, Json(input));

        var actual = JsonSerializer.SerializeToElement(outputs);
        Assert.True(JsonElement.DeepEquals(Json(expected), actual), actual.GetRawText());
    }

    [Fact]
    public void Objects_come_out_with_their_keys_in_ordinal_order_and_numbers_as_they_came_in() =>
        Assert.Equal("""{"a":1.50,"b":2,"c":{"x":1,"y":2}}""", JqQuery.First("{b: 2} + .", Json("""{"c":{"y":2,"x":1},"a":1.50}""")).GetRawText());

    public static TheoryData<string, string, string> Errors() => new()
    {
        // program, input, part of the error
        { ".a", "5", "Cannot index number with \"a\"" },
        { ".[0]", """{"a":1}""", "Cannot index object with number" },
        { ".[]", "5", "Cannot iterate over number (5)" },
        { "1 + \"a\"", "null", "number (1) and string (\"a\") cannot be added" },
        { "{} - 1", "null", "cannot be subtracted" },
        { "1 / 0", "null", "divisor is zero" },
        { "length", "true", "boolean (true) has no length" },
        { "keys", "5", "has no keys" },
        { "tonumber", "\"abc\"", "Cannot parse 'abc' as a number" },
        { "{(1): 2}", "null", "Object keys must be strings" },
        { "1 = 2", "null", "Invalid path expression" },
        { "\"x\" * 1e8", "null", "longer than" },
        { ".[-1] = 1", "[]", "Out of bounds negative array index" },
        { ".[10000000] = 1", "[]", "larger than" },
        { "-.", "\"a\"", "cannot be negated" },
        { "empty", "null", "no output" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Runtime_errors_say_what_went_wrong(string program, string input, string message)
    {
        var error = Assert.Throws<JqException>(() => JqQuery.First(program, Json(input)));

        Assert.Contains(message, error.Message);
    }
}
