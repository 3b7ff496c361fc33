using System.Collections.Concurrent;
using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>Parses each distinct expression text once (bounded), since filters run the same few expressions on every event.</summary>
public static class ExpressionCache
{
    private const int Limit = 1024;
    private static readonly ConcurrentDictionary<(string, ExpressionDialect), (ParsedExpression? Parsed, ExpressionSyntaxException? Error)> Entries = new();

    /// <exception cref="ExpressionSyntaxException">The text does not parse in <paramref name="dialect"/>.</exception>
    public static ParsedExpression Parse(string text, ExpressionDialect dialect)
    {
        if (!Entries.TryGetValue((text, dialect), out var entry))
        {
            try
            {
                entry = (ExpressionParser.Parse(text, dialect), null);
            }
            catch (ExpressionSyntaxException ex)
            {
                entry = (null, ex);
            }

            if (Entries.Count >= Limit)
            {
                Entries.Clear();
            }

            Entries[(text, dialect)] = entry;
        }

        return entry.Parsed ?? throw new ExpressionSyntaxException(entry.Error!.Reason, entry.Error.Position);
    }
}
