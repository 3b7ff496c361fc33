using Microservices.Events.Semantics.Templates;
using Microservices.Events.Specs.Expressions;
using Microservices.Events.Specs.Go;

namespace Microservices.Events.Tests.Go;

/// <summary>The backslash escapes of Go literals, decoded once for templates and expr alike.</summary>
public sealed class GoEscapeTests
{
    private const string DoubleQuote = "\"";
    private const string BothQuotes = "'\"";

    /// <summary>The text after the backslash, the quotes the literal allows, and what it decodes to.</summary>
    public static TheoryData<string, string, GoEscapeResult> Escapes() => new()
    {
        { "n", DoubleQuote, new(GoEscapeStatus.Decoded, "\n", 1) },
        { "a", DoubleQuote, new(GoEscapeStatus.Decoded, "\a", 1) },
        { "v", DoubleQuote, new(GoEscapeStatus.Decoded, "\v", 1) },
        { "\\", DoubleQuote, new(GoEscapeStatus.Decoded, "\\", 1) },
        { "\"", DoubleQuote, new(GoEscapeStatus.Decoded, "\"", 1) },
        { "'", BothQuotes, new(GoEscapeStatus.Decoded, "'", 1) },
        { "x41rest", DoubleQuote, new(GoEscapeStatus.Decoded, "A", 3) },
        { "xff", DoubleQuote, new(GoEscapeStatus.Decoded, "\u00ff", 3) },
        { "101", DoubleQuote, new(GoEscapeStatus.Decoded, "A", 3) },
        { "777", DoubleQuote, new(GoEscapeStatus.Decoded, "\u01ff", 3) },
        { "u00E9", DoubleQuote, new(GoEscapeStatus.Decoded, "é", 5) },
        { "U0001f600", DoubleQuote, new(GoEscapeStatus.Decoded, "😀", 9) },
        { "q", DoubleQuote, new(GoEscapeStatus.Unknown, "", 0) },
        { "'", DoubleQuote, new(GoEscapeStatus.Unknown, "", 0) },
        { "", DoubleQuote, new(GoEscapeStatus.Unknown, "", 0) },
        { "x4", DoubleQuote, new(GoEscapeStatus.Unterminated, "", 1) },
        { "u123", DoubleQuote, new(GoEscapeStatus.Unterminated, "", 1) },
        { "12", DoubleQuote, new(GoEscapeStatus.Unterminated, "", 0) },
        { "xg1", DoubleQuote, new(GoEscapeStatus.BadValue, "", 1, "g1") },
        { "18x", DoubleQuote, new(GoEscapeStatus.BadValue, "", 0, "18x") },
        { "u+041", DoubleQuote, new(GoEscapeStatus.BadValue, "", 1, "+041") },
        { "u0x41", DoubleQuote, new(GoEscapeStatus.BadValue, "", 1, "0x41") },
        { "ud800", DoubleQuote, new(GoEscapeStatus.BadValue, "", 1, "d800") },
        { "U00110000", DoubleQuote, new(GoEscapeStatus.BadValue, "", 1, "00110000") },
        { "UFFFFFFFF", DoubleQuote, new(GoEscapeStatus.BadValue, "", 1, "FFFFFFFF") },
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public void Escapes_decode_as_strconv_UnquoteChar_does(string text, string quotes, GoEscapeResult expected) =>
        Assert.Equal(expected, GoEscape.Decode(text, 0, quotes));

    [Fact]
    public void Decoding_starts_at_the_given_index() =>
        Assert.Equal(new GoEscapeResult(GoEscapeStatus.Decoded, "\t", 4), GoEscape.Decode("ab\\t", 3, DoubleQuote));

    [Theory]
    [InlineData(@"\u+041")]
    [InlineData(@"\u0x41")]
    [InlineData(@"\18x")]
    [InlineData(@"\UFFFFFFFF")]
    [InlineData(@"\q")]
    public void Template_and_expr_string_literals_reject_the_same_malformed_escapes(string escape)
    {
        Assert.Throws<TemplateException>(() => GoTemplate.Parse($"{{{{ \"{escape}\" }}}}"));
        Assert.False(ExpressionParser.TryParse($"\"{escape}\"", ExpressionDialect.Expr, out _, out _));
    }

    [Fact]
    public void Template_and_expr_string_literals_decode_the_same_escapes()
    {
        const string literal = @"""\x41\101\u00e9\U0001F600\t\\""";

        Assert.Equal("AAé😀\t\\", GoTemplate.Parse($"{{{{ {literal} }}}}").Execute(input: null));
        Assert.True(ExpressionParser.TryParse(literal, ExpressionDialect.Expr, out _, out var error), error);
    }
}
