using Microservices.Events.Specs.Go;

namespace Microservices.Events.Tests.Go;

/// <summary>Go's <c>%v</c>: what fmt.Sprint prints for one value.</summary>
public sealed class GoPrintTests
{
    public static TheoryData<object?, string> Values() => new()
    {
        { null, "<nil>" },
        { "text", "text" },
        { false, "false" },
        { -7L, "-7" },
        { 2d, "2" },
        { 1e6, "1e+06" },
        { double.NaN, "NaN" },
        { new List<object?> { "x", null, true, 1.5 }, "[x <nil> true 1.5]" },
        { new List<object?>(), "[]" },
        { new Dictionary<string, object?> { ["b"] = 2d, ["a"] = new List<object?> { "x" }, ["B"] = null }, "map[B:<nil> a:[x] b:2]" },
        { new Dictionary<string, object?>(), "map[]" },
        { 3.5m, "3.5" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Values_print_with_Go_syntax(object? value, string text) => Assert.Equal(text, GoPrint.Value(value));

    [Fact]
    public void Values_of_other_types_print_as_the_caller_says_at_any_depth()
    {
        var value = new List<object?> { new DateTime(2024, 7, 15), new Dictionary<string, object?> { ["at"] = new DateTime(2024, 7, 16) } };

        var text = GoPrint.Value(value, other => ((DateTime)other).ToString("yyyy-MM-dd"));

        Assert.Equal("[2024-07-15 map[at:2024-07-16]]", text);
    }
}
