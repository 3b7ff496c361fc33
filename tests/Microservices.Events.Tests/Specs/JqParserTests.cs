using Microservices.Events.Specs.Jq;

namespace Microservices.Events.Tests.Specs;

/// <summary>What the jq subset refuses at load time, with the reason and the position.</summary>
public sealed class JqParserTests
{
    public static TheoryData<string, string> Refused() => new()
    {
        // program, part of the syntax error
        { ".a |", "unexpected end of program" },
        { ".a[", "unexpected end of program" },
        { "{a: 1", "expected \"}\"" },
        { "if . then 1", "expected \"end\"" },
        { ".a ]", "unexpected \"]\"" },
        { "# only a comment", "unexpected end of program" },
        { "$x", "variables ($name) are not supported" },
        { "@base64", "formats (@name) are not supported" },
        { "..", "recursive descent (..) is not supported" },
        { ".[1:2]", "slices ([from:to]) are not supported" },
        { "reduce .[] as x (0; . + 1)", "\"reduce\" is not supported" },
        { "def f: .; f", "\"def\" is not supported" },
        { "ascii_downcase", "function ascii_downcase/0 is not supported" },
        { "select(.a; .b)", "function select/2 is not supported" },
        { "1 == 2 == 3", "cannot follow another comparison" },
        { ".a = 1 = 2", "cannot follow another assignment" },
        { "\"unterminated", "unterminated string" },
        { "\"\\q\"", "invalid escape" },
        { "\"\\(.a\"", "unterminated" },
        { new string('(', 100) + "." + new string(')', 100), "nests more than 64 levels" },
        { string.Concat(Enumerable.Repeat(".a | ", 300)) + ".a", "nested more than 200 levels" },
        { string.Join(", ", Enumerable.Repeat(".", 300)), "nested more than 200 levels" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Programs_outside_the_subset_are_syntax_errors(string program, string message)
    {
        Assert.False(JqParser.TryParse(program, out _, out var error));
        Assert.Contains(message, error);
        Assert.Matches(@"^jq: .* at position \d+$", error!);
    }

    [Theory]
    [InlineData(".body.message *= 2")]
    [InlineData(".a += 1 | .b *= 2")]
    [InlineData("{a: .x, \"b\": 1, c, (.k): [.[]?, -1]} | del(.a) | .c //= \"x\" | if has(\"b\") then . else empty end")]
    [InlineData("\"\\(.a) and \\(\"nested \\(.b)\")\"")]
    public void Programs_inside_the_subset_parse(string program) =>
        Assert.True(JqParser.TryParse(program, out _, out var error), error);
}
