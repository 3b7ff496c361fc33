using System.Globalization;
using Microservices.Events.Specs.Jq;

namespace Microservices.Events.Semantics.Jq;

/// <summary>The builtins of the subset (<see cref="JqFunctions.Supported"/>), with jq's meaning.</summary>
public static class JqBuiltins
{
    public static IEnumerable<JqValue> Call(JqCall call, JqValue input)
    {
        var args = call.Arguments;
        return call.Name switch
        {
            "empty" => [],
            "not" => [JqValue.Bool(!input.IsTruthy)],
            "length" => [Length(input)],
            "keys" => [Keys(input)],
            "has" => JqEvaluator.Evaluate(args[0], input).Select(key => Has(input, key)),
            "del" => [JqPaths.Delete(input, JqEvaluator.Paths(args[0], input).Select(p => (IReadOnlyList<JqValue>)p.Path).ToList())],
            "select" => JqEvaluator.Evaluate(args[0], input).Where(c => c.IsTruthy).Select(_ => input),
            "map" => [new JqArray([.. JqEvaluator.Iterate(input).SelectMany(item => JqEvaluator.Evaluate(args[0], item))])],
            "tostring" => [input is JqString ? input : new JqString(JqJson.ToText(input))],
            "tonumber" => [ToNumber(input)],
            "type" => [new JqString(input.TypeName)],
            "add" => [input is JqNull ? JqValue.Null : JqEvaluator.Iterate(input).Aggregate(JqValue.Null, JqArithmetic.Add)],
            _ => throw new JqException($"{call.Name}/{args.Count} is not defined"),
        };
    }

    private static JqValue Length(JqValue value) => value switch
    {
        JqNull => new JqNumber(0),
        JqNumber n => new JqNumber(Math.Abs(n.Value)),
        JqString s => new JqNumber(s.Value.EnumerateRunes().Count()),
        JqArray a => new JqNumber(a.Items.Length),
        JqObject o => new JqNumber(o.Properties.Count),
        _ => throw new JqException($"{JqArithmetic.Describe(value)} has no length"),
    };

    private static JqValue Keys(JqValue value) => value switch
    {
        JqObject o => new JqArray([.. o.Properties.Keys.Select(k => (JqValue)new JqString(k))]),
        JqArray a => new JqArray([.. Enumerable.Range(0, a.Items.Length).Select(i => (JqValue)new JqNumber(i))]),
        _ => throw new JqException($"{JqArithmetic.Describe(value)} has no keys"),
    };

    private static JqValue Has(JqValue value, JqValue key) => (value, key) switch
    {
        (JqObject o, JqString s) => JqValue.Bool(o.Properties.ContainsKey(s.Value)),
        (JqArray a, JqNumber n) => JqValue.Bool(n.Value >= 0 && n.Value < a.Items.Length),
        _ => throw new JqException($"Cannot check whether {value.TypeName} has a {key.TypeName} key"),
    };

    private static JqValue ToNumber(JqValue value) => value switch
    {
        JqNumber => value,
        JqString s when double.TryParse(s.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) => new JqNumber(n),
        JqString s => throw new JqException($"Cannot parse '{s.Value}' as a number"),
        _ => throw new JqException($"{JqArithmetic.Describe(value)} cannot be parsed as a number"),
    };
}
