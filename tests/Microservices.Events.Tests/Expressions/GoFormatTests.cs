using Microservices.Events.Semantics.Expressions;

namespace Microservices.Events.Tests.Expressions;

/// <summary>Numbers and values printed as Go prints them (govaluate's string concatenation, Argo's toJson).</summary>
public sealed class GoFormatTests
{
    [Theory]
    [InlineData(1, "1")]
    [InlineData(1.5, "1.5")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123456, "123456")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1234567, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e100, "1e+100")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Floats_print_as_Go_percent_v(double value, string text) => Assert.Equal(text, GoFormat.Float(value));

    [Theory]
    [InlineData(1e6, "1000000")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(12345678901234567890d, "12345678901234567000")]
    public void Floats_encode_as_Go_JSON(double value, string text) => Assert.Equal(text, GoFormat.Json(value));

    [Fact]
    public void Values_print_with_Go_syntax_for_nil_lists_and_maps()
    {
        var map = new Dictionary<string, object?> { ["b"] = 2d, ["a"] = new List<object?> { "x", null, true } };

        Assert.Equal("map[a:[x <nil> true] b:2]", GoFormat.Value(map));
        Assert.Equal("{\"a\":[\"x\",null,true],\"b\":2}", GoFormat.Json(map));
    }

    [Fact]
    public void JSON_strings_escape_html_characters_and_control_characters() =>
        Assert.Equal("\"\\u003ca\\u0026b\\u003e\\n\\u0001\\\"\"", GoFormat.Json("<a&b>\n\u0001\""));
}
