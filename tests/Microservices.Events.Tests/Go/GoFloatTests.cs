using Microservices.Events.Specs.Go;

namespace Microservices.Events.Tests.Go;

/// <summary>float64 text as Go's strconv and encoding/json write it.</summary>
public sealed class GoFloatTests
{
    public static TheoryData<double, string> Shortest() => new()
    {
        { 1, "1" },
        { 1.5, "1.5" },
        { -2.5, "-2.5" },
        { 123456, "123456" },
        { 1e6, "1e+06" },
        { 1234567, "1.234567e+06" },
        { 0.0001, "0.0001" },
        { 0.00001, "1e-05" },
        { 1e21, "1e+21" },
        { 1e100, "1e+100" },
        { 0.1 + 0.2, "0.30000000000000004" },
        { 5e-324, "5e-324" },
        { double.MaxValue, "1.7976931348623157e+308" },
        { -0.0, "-0" },
        { double.NaN, "NaN" },
        { double.PositiveInfinity, "+Inf" },
        { double.NegativeInfinity, "-Inf" },
    };

    public static TheoryData<double, string> Json() => new()
    {
        { 0, "0" },
        { 1e6, "1000000" },
        { 1e20, "100000000000000000000" },
        { 1e21, "1e+21" },
        { 0.000001, "0.000001" },
        { 1e-7, "1e-7" },
        { -1.5e-10, "-1.5e-10" },
        { 1.23e-18, "1.23e-18" },
        { 12345678901234567890d, "12345678901234567000" },
    };

    public static TheoryData<double, int, string> Fixed() => new()
    {
        { 3.14159, 2, "3.14" },
        { 1, 6, "1.000000" },
        { -0.5, 3, "-0.500" },
        { 1e21, 0, "1000000000000000000000" },
        { double.NaN, 2, "NaN" },
        { double.NegativeInfinity, 2, "-Inf" },
    };

    public static TheoryData<double, int, string> Exponent() => new()
    {
        { 1234.5678, 2, "1.23e+03" },
        { 0.000123, 3, "1.230e-04" },
        { 1e100, 1, "1.0e+100" },
        { -5, 0, "-5e+00" },
        { double.PositiveInfinity, 2, "+Inf" },
    };

    [Theory]
    [MemberData(nameof(Shortest))]
    public void Shortest_form_switches_to_an_exponent_below_1e_minus_4_and_from_1e6(double value, string text) =>
        Assert.Equal(text, GoFloat.FormatShortest(value));

    [Theory]
    [MemberData(nameof(Json))]
    public void JSON_form_stays_fixed_from_1e_minus_6_to_below_1e21_and_drops_the_exponent_zero(double value, string text) =>
        Assert.Equal(text, GoFloat.FormatJson(value));

    [Theory]
    [MemberData(nameof(Fixed))]
    public void Fixed_form_has_the_given_decimals(double value, int precision, string text) =>
        Assert.Equal(text, GoFloat.FormatFixed(value, precision));

    [Theory]
    [MemberData(nameof(Exponent))]
    public void Exponent_form_has_at_least_two_exponent_digits(double value, int precision, string text) =>
        Assert.Equal(text, GoFloat.FormatExponent(value, precision));
}
