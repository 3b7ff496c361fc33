using System.Collections.Concurrent;
using System.Text.Json;
using Microservices.Events.Specs.Jq;

namespace Microservices.Events.Semantics.Jq;

/// <summary>Runs a jq program of the subset on JSON; parsed programs are cached, as specs repeat them on every event.</summary>
public static class JqQuery
{
    private static readonly ConcurrentDictionary<string, JqNode> Cache = new(StringComparer.Ordinal);

    /// <summary>The first output of <paramref name="program"/> on <paramref name="input"/>.</summary>
    /// <exception cref="FormatException">The program does not parse.</exception>
    /// <exception cref="JqException">The program failed, or produced no output.</exception>
    public static JsonElement First(string program, JsonElement input)
    {
        var node = Cache.GetOrAdd(program, JqParser.Parse);
        foreach (var output in JqEvaluator.Evaluate(node, JqJson.FromElement(input)))
        {
            return JqJson.ToElement(output);
        }

        throw new JqException("no output available from the jq program");
    }

    /// <summary>Every output, for tests and tools.</summary>
    public static IReadOnlyList<JsonElement> All(string program, JsonElement input) =>
        [.. JqEvaluator.Evaluate(Cache.GetOrAdd(program, JqParser.Parse), JqJson.FromElement(input)).Select(JqJson.ToElement)];
}
