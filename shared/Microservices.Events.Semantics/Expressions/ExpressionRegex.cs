using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>Regular expressions built from values at evaluation time (unanchored, as Go's <c>regexp.MatchString</c>), with a bounded cache.</summary>
internal static class ExpressionRegex
{
    private const int CacheLimit = 256;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static Regex Compile(string source)
    {
        if (Cache.TryGetValue(source, out var cached))
        {
            return cached;
        }

        Regex regex;
        try
        {
            regex = new Regex(source, RegexOptions.CultureInvariant, Timeout);
        }
        catch (ArgumentException ex)
        {
            throw new ExpressionEvaluationException($"invalid regular expression '{source}': {ex.Message}");
        }

        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache[source] = regex;
        return regex;
    }

    public static bool IsMatch(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ExpressionEvaluationException($"regular expression '{pattern}' timed out");
        }
    }
}
