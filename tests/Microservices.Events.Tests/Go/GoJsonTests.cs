using Microservices.Events.Specs.Go;

namespace Microservices.Events.Tests.Go;

/// <summary>Go's encoding/json output: sorted keys, Go's float notation, HTML-safe strings on request.</summary>
public sealed class GoJsonTests
{
    public static TheoryData<object?, string> Values() => new()
    {
        { null, "null" },
        { true, "true" },
        { 7L, "7" },
        { 1.5, "1.5" },
        { 1e21, "1e+21" },
        { 1e-7, "1e-7" },
        { "x", "\"x\"" },
        { new List<object?> { "x", null, false, 2L }, "[\"x\",null,false,2]" },
        { new List<object?>(), "[]" },
        { new Dictionary<string, object?> { ["b"] = 2d, ["a"] = new List<object?> { 1d }, ["B"] = null }, "{\"B\":null,\"a\":[1],\"b\":2}" },
        { new Dictionary<string, object?>(), "{}" },
    };

    public static TheoryData<string, bool, string> Strings() => new()
    {
        { "<a&b>", true, "\"\\u003ca\\u0026b\\u003e\"" },
        { "<a&b>", false, "\"<a&b>\"" },
        { "q\"b\\s/", true, "\"q\\\"b\\\\s/\"" },
        { "\n\r\t\b\f", false, "\"\\n\\r\\t\\b\\f\"" },
        { "\u0001\u001f", false, "\"\\u0001\\u001f\"" },
        { "\u2028\u2029", false, "\"\\u2028\\u2029\"" },
        { "é😀", true, "\"é😀\"" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Values_encode_as_json_Marshal_does(object? value, string json) =>
        Assert.Equal(json, GoJson.Encode(value, escapeHtml: true, NotExpected));

    [Theory]
    [MemberData(nameof(Strings))]
    public void Strings_escape_quotes_controls_and_line_separators_and_html_only_when_asked(string value, bool escapeHtml, string json) =>
        Assert.Equal(json, GoJson.Encode(value, escapeHtml, NotExpected));

    [Theory]
    [InlineData(double.NaN, "json: unsupported value: NaN")]
    [InlineData(double.PositiveInfinity, "json: unsupported value: +Inf")]
    [InlineData(double.NegativeInfinity, "json: unsupported value: -Inf")]
    public void Numbers_JSON_cannot_hold_fail_with_Go_s_message(double value, string message)
    {
        var error = Assert.Throws<GoJsonException>(() => GoJson.Encode(new List<object?> { 1d, value }, escapeHtml: true, NotExpected));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Values_of_other_types_encode_as_the_string_or_null_the_caller_gives()
    {
        var value = new List<object?> { new DateTime(2024, 7, 15), Guid.Empty };

        var json = GoJson.Encode(value, escapeHtml: true, other => other is DateTime time ? time.ToString("yyyy-MM-dd") : null);

        Assert.Equal("[\"2024-07-15\",null]", json);
    }

    private static string? NotExpected(object value) => throw new InvalidOperationException($"unexpected {value.GetType().Name}");
}
