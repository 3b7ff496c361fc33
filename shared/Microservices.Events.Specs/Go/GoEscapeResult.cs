namespace Microservices.Events.Specs.Go;

/// <summary>Whether a backslash escape decoded, and if not, why.</summary>
public enum GoEscapeStatus
{
    /// <summary>The escape stands for <see cref="GoEscapeResult.Value"/>.</summary>
    Decoded,

    /// <summary>No escape letter, or one Go does not know (<c>\q</c>, or a quote the literal does not use).</summary>
    Unknown,

    /// <summary>The text ends before the escape's digits do.</summary>
    Unterminated,

    /// <summary>The digits are not hex or octal digits, or name a surrogate or a value beyond U+10FFFF.</summary>
    BadValue,
}

/// <summary>What a backslash escape decodes to, or why it does not decode.</summary>
/// <param name="Status">Whether it decoded.</param>
/// <param name="Value">The text the escape stands for (one character, or a surrogate pair); empty unless decoded.</param>
/// <param name="Next">
/// Once decoded, the index after the escape; otherwise where the fault is: the escape letter, or the first digit.
/// </param>
/// <param name="Digits">For <see cref="GoEscapeStatus.BadValue"/>, the digits as written.</param>
public readonly record struct GoEscapeResult(GoEscapeStatus Status, string Value, int Next, string Digits = "");
