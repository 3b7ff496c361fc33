using Microservices.Events.Specs.Go;

namespace Microservices.Events.Tests.Go;

/// <summary>Go's strconv.Quote and QuoteRune: printable characters stay, the rest is escaped.</summary>
public sealed class GoQuoteTests
{
    public static TheoryData<string, string> Strings() => new()
    {
        { "", "\"\"" },
        { "plain text", "\"plain text\"" },
        { "say \"hi\" \\", "\"say \\\"hi\\\" \\\\\"" },
        { "it's", "\"it's\"" },
        { "\a\b\f\n\r\t\v", "\"\\a\\b\\f\\n\\r\\t\\v\"" },
        { "\u0000\u007f", "\"\\x00\\x7f\"" },
        { "\u00a0\u00ad", "\"\\u00a0\\u00ad\"" },
        { "\U000E0001", "\"\\U000e0001\"" },
        { "é 😀", "\"é 😀\"" },
    };

    public static TheoryData<int, string> Runes() => new()
    {
        { 'x', "'x'" },
        { '\'', "'\\''" },
        { '"', "'\"'" },
        { '\n', "'\\n'" },
        { 0, "'\\x00'" },
        { 0x1F600, "'😀'" },
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void Strings_quote_with_Go_escapes_for_what_Go_does_not_print(string text, string quoted) =>
        Assert.Equal(quoted, GoQuote.Quote(text));

    [Theory]
    [MemberData(nameof(Runes))]
    public void Runes_quote_in_single_quotes_escaping_only_the_single_quote(int codePoint, string quoted) =>
        Assert.Equal(quoted, GoQuote.QuoteRune(codePoint));

    [Theory]
    [InlineData(0xD800)]
    [InlineData(0x110000)]
    public void A_surrogate_or_a_value_beyond_Unicode_is_not_a_rune(int codePoint) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GoQuote.QuoteRune(codePoint));
}
