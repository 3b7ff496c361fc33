using System.Text.Encodings.Web;
using System.Text.Json;
using Microservices.Events.Semantics.Scripting;

namespace Microservices.Events.Tests.Semantics;

/// <summary>JSON to Lua tables and back: what a script sees as <c>event</c> and what its returned value becomes.</summary>
public sealed class LuaJsonConversionTests
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static string? Returned(string script, string? eventJson = null)
    {
        var result = LuaRunner.Run(script, eventJson is null ? null : Json(eventJson));
        Assert.True(result.Finished, result.Error);
        Assert.Null(result.ConversionError);
        return result.Returned?.ToJsonString(Readable);
    }

    public static TheoryData<string, string> RoundTrips() => new()
    {
        // event data, what "return event" gives back (objects come back with their keys in ordinal order)
        { """{"a":1}""", """{"a":1}""" },
        { """{"a":-3,"b":1.5,"c":1e300}""", """{"a":-3,"b":1.5,"c":1E+300}""" },
        { """{"big":9007199254740993}""", """{"big":9007199254740993}""" },
        { """{"s":"héllo ✓ \"quoted\""}""", """{"s":"héllo ✓ \"quoted\""}""" },
        { """{"t":true,"f":false}""", """{"f":false,"t":true}""" },
        { """{"list":[1,"two",[3],{"four":4}]}""", """{"list":[1,"two",[3],{"four":4}]}""" },
        { """{"empty":[]}""", """{"empty":[]}""" },
        { """{"obj":{}}""", """{"obj":{}}""" },
        { """{"z":1,"a":{"y":2,"b":3}}""", """{"a":{"b":3,"y":2},"z":1}""" },
        { """{"gone":null,"kept":1}""", """{"kept":1}""" },
        { """[1,"x",true]""", """[1,"x",true]""" },
        { "\"text\"", "\"text\"" },
        { "42", "42" },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Event_data_survives_the_trip_into_Lua_and_back(string data, string expected) =>
        Assert.Equal(expected, Returned("return event", data));

    public static TheoryData<string, string> LuaValues() => new()
    {
        // script, JSON of the value it returns
        { "return {1, 2, 3}", "[1,2,3]" },
        { "return {}", "{}" },
        { "return setmetatable({}, {__is_array = true})", "[]" },
        { "return {a = 1, [1] = 2}", """{"1":2,"a":1}""" },
        { "return {1, nil, 3}", """{"1":1,"3":3}""" },
        { "return {[2] = 'b'}", """{"2":"b"}""" },
        { "return {[1.5] = 'f', [true] = 't'}", """{"1.5":"f","true":"t"}""" },
        { "return {b = 1, a = 2, c = 3}", """{"a":2,"b":1,"c":3}""" },
        { "return {x = {y = {z = 'deep'}}}", """{"x":{"y":{"z":"deep"}}}""" },
        { "return 3 / 2", "1.5" },
        { "return 7 // 2", "3" },
        { "return 'text'", "\"text\"" },
        { "return true", "true" },
        { "return 'first', 'last'", "\"last\"" },
    };

    [Theory]
    [MemberData(nameof(LuaValues))]
    public void Lua_values_become_JSON(string script, string expected) => Assert.Equal(expected, Returned(script));

    [Fact]
    public void Nothing_returned_is_nil() => Assert.Null(Returned("local x = 1"));

    [Fact]
    public void Arrays_are_one_based_and_keep_their_marker_so_an_emptied_array_stays_an_array()
    {
        Assert.Equal("10", Returned("return event.list[1]", """{"list":[10,20]}"""));
        Assert.Equal("[10,20,30]", Returned("event.list[#event.list + 1] = 30 return event.list", """{"list":[10,20]}"""));
        Assert.Equal("[]", Returned("event.list[1] = nil return event.list", """{"list":[10]}"""));
    }

    [Fact]
    public void Event_values_have_the_Lua_types_a_script_expects()
    {
        const string data = """{"s":"x","i":1,"f":1.5,"b":true,"o":{},"a":[],"n":null}""";
        Assert.Equal("\"string number number boolean table table nil\"",
            Returned("return table.concat({type(event.s), type(event.i), type(event.f), type(event.b), type(event.o), type(event.a), type(event.n)}, ' ')", data));
        Assert.Equal("true", Returned("return math.type(event.i) == 'integer' and math.type(event.f) == 'float'", data));
    }

    public static TheoryData<string, string> NoJsonForm() => new()
    {
        // script, part of the conversion error
        { "return {f = print}", "function" },
        { "return 0/0", "nan" },
        { "return {x = 1/0}", "inf" },
        { "local t = {} t.self = t return t", "nested deeper" },
        { "return {[{}] = 1}", "key of type table" },
        { "return {[1] = 'a', ['1'] = 'b', x = 1}", "two keys" },
    };

    [Theory]
    [MemberData(nameof(NoJsonForm))]
    public void Values_without_a_JSON_form_are_reported_not_thrown(string script, string message)
    {
        var result = LuaRunner.Run(script, null);

        Assert.True(result.Finished, result.Error);
        Assert.Null(result.Returned);
        Assert.Contains(message, result.ConversionError);
    }

    [Fact]
    public void The_returned_type_is_named_even_when_it_has_no_JSON_form() =>
        Assert.Equal("function", LuaRunner.Run("return print", null).ReturnedType);
}
