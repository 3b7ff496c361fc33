using System.Collections.Immutable;
using Microservices.Events.Specs.Jq;

namespace Microservices.Events.Semantics.Jq;

/// <summary>
/// Evaluates a <see cref="JqNode"/> lazily: every expression is a generator of outputs, as in jq. Binary operators
/// combine every output of their right side with every output of their left; assignments work on the paths their left
/// side designates (<c>.a</c>, <c>.[0]</c>, <c>.[]</c>, pipes, <c>,</c>, <c>?</c>, <c>select</c>, <c>if</c>, <c>empty</c>).
/// </summary>
public static class JqEvaluator
{
    public static IEnumerable<JqValue> Evaluate(JqNode node, JqValue input) => node switch
    {
        JqIdentity => [input],
        JqLiteral literal => [Literal(literal.Value)],
        JqInterpolation interpolation => Interpolate(interpolation.Parts, 0, "", input),
        JqIndex index => IndexOutputs(index, input),
        JqIterate iterate => Evaluate(iterate.Target, input).SelectMany(Iterate),
        JqTry attempt => UntilError(Evaluate(attempt.Body, input)),
        JqPipe pipe => Evaluate(pipe.Left, input).SelectMany(v => Evaluate(pipe.Right, v)),
        JqComma comma => Evaluate(comma.Left, input).Concat(Evaluate(comma.Right, input)),
        JqAlternative alternative => Alternative(alternative, input),
        JqAssign assign => Assign(assign, input),
        JqLogical logical => Logical(logical, input),
        JqBinary binary => Evaluate(binary.Right, input).SelectMany(r => Evaluate(binary.Left, input).Select(l => JqArithmetic.Apply(binary.Operator, l, r))),
        JqNegate negate => Evaluate(negate.Operand, input).Select(Negate),
        JqArrayConstruction array => [array.Body is null ? JqArray.Empty : new JqArray([.. Evaluate(array.Body, input)])],
        JqObjectConstruction obj => Construct(obj.Entries, 0, JqObject.Empty, input),
        JqIf conditional => Evaluate(conditional.Condition, input).SelectMany(c =>
            c.IsTruthy ? Evaluate(conditional.Then, input) : conditional.Else is null ? [input] : Evaluate(conditional.Else, input)),
        JqCall call => JqBuiltins.Call(call, input),
        _ => throw new JqException($"cannot evaluate {node.GetType().Name}"),
    };

    /// <summary>The paths <paramref name="node"/> designates in <paramref name="input"/>, each with the value found there.</summary>
    public static IEnumerable<(ImmutableArray<JqValue> Path, JqValue Value)> Paths(JqNode node, JqValue input) => node switch
    {
        JqIdentity => [([], input)],
        JqIndex index => Paths(index.Target, input).SelectMany(t => Evaluate(index.Key, input).Select(k => (t.Path.Add(k), t.Value is JqNull ? JqValue.Null : JqPaths.Index(t.Value, k)))),
        JqIterate iterate => Paths(iterate.Target, input).SelectMany(t => IteratePaths(t.Path, t.Value)),
        JqTry attempt => UntilError(Paths(attempt.Body, input)),
        JqPipe pipe => Paths(pipe.Left, input).SelectMany(l => Paths(pipe.Right, l.Value).Select(r => (l.Path.AddRange(r.Path), r.Value))),
        JqComma comma => Paths(comma.Left, input).Concat(Paths(comma.Right, input)),
        JqIf conditional => Evaluate(conditional.Condition, input).SelectMany(c =>
            c.IsTruthy ? Paths(conditional.Then, input) : conditional.Else is null ? [([], input)] : Paths(conditional.Else, input)),
        JqCall { Name: "select" } select => Evaluate(select.Arguments[0], input).Where(c => c.IsTruthy).Select(_ => (ImmutableArray<JqValue>.Empty, input)),
        JqCall { Name: "empty" } => [],
        _ => throw new JqException($"Invalid path expression: {Describe(node)} does not designate a place in the input"),
    };

    internal static IEnumerable<JqValue> Iterate(JqValue value) => value switch
    {
        JqArray a => a.Items,
        JqObject o => o.Properties.Values,
        _ => throw new JqException($"Cannot iterate over {JqArithmetic.Describe(value)}"),
    };

    /// <summary>The outputs of <paramref name="source"/> up to its first jq error, which is dropped.</summary>
    internal static IEnumerable<T> UntilError<T>(IEnumerable<T> source)
    {
        using var e = source.GetEnumerator();
        while (true)
        {
            T current;
            try
            {
                if (!e.MoveNext())
                {
                    yield break;
                }

                current = e.Current;
            }
            catch (JqException)
            {
                yield break;
            }

            yield return current;
        }
    }

    private static JqValue Literal(object? value) => value switch
    {
        null => JqValue.Null,
        bool b => JqValue.Bool(b),
        double d => new JqNumber(d),
        string s => new JqString(s),
        _ => throw new JqException($"unknown literal {value}"),
    };

    private static IEnumerable<JqValue> IndexOutputs(JqIndex index, JqValue input) =>
        Evaluate(index.Target, input).SelectMany(t => Evaluate(index.Key, input).Select(k => JqPaths.Index(t, k)));

    private static IEnumerable<(ImmutableArray<JqValue> Path, JqValue Value)> IteratePaths(ImmutableArray<JqValue> path, JqValue value) => value switch
    {
        JqArray a => a.Items.Select((item, i) => (path.Add(new JqNumber(i)), item)),
        JqObject o => o.Properties.Select(p => (path.Add(new JqString(p.Key)), p.Value)),
        JqNull => [],
        _ => throw new JqException($"Cannot iterate over {JqArithmetic.Describe(value)}"),
    };

    private static IEnumerable<JqValue> Interpolate(IReadOnlyList<JqNode> parts, int from, string prefix, JqValue input)
    {
        if (from == parts.Count)
        {
            return [new JqString(prefix)];
        }

        return Evaluate(parts[from], input).SelectMany(v =>
            Interpolate(parts, from + 1, prefix + (v is JqString s ? s.Value : JqJson.ToText(v)), input));
    }

    private static IEnumerable<JqValue> Alternative(JqAlternative alternative, JqValue input)
    {
        var any = false;
        foreach (var value in UntilError(Evaluate(alternative.Left, input)))
        {
            if (value.IsTruthy)
            {
                any = true;
                yield return value;
            }
        }

        if (!any)
        {
            foreach (var value in Evaluate(alternative.Right, input))
            {
                yield return value;
            }
        }
    }

    private static IEnumerable<JqValue> Logical(JqLogical logical, JqValue input) =>
        Evaluate(logical.Left, input).SelectMany(left =>
            logical.IsOr && left.IsTruthy ? [JqValue.True]
            : !logical.IsOr && !left.IsTruthy ? [JqValue.False]
            : Evaluate(logical.Right, input).Select(right => JqValue.Bool(right.IsTruthy)));

    private static JqValue Negate(JqValue value) =>
        value is JqNumber n ? new JqNumber(-n.Value) : throw new JqException($"{JqArithmetic.Describe(value)} cannot be negated");

    private static IEnumerable<JqValue> Construct(IReadOnlyList<JqObjectEntry> entries, int from, JqObject built, JqValue input)
    {
        if (from == entries.Count)
        {
            return [built];
        }

        var entry = entries[from];
        return Evaluate(entry.Key, input).SelectMany(key => key is JqString name
            ? Evaluate(entry.Value, input).SelectMany(value => Construct(entries, from + 1, new JqObject(built.Properties.SetItem(name.Value, value)), input))
            : throw new JqException($"Object keys must be strings, not {JqArithmetic.Describe(key)}"));
    }

    /// <summary>
    /// <c>=</c> sets every path to each output of the right side (evaluated on the original input); <c>|=</c> replaces
    /// the value at each path by the first output of the right side run on it, deleting the path when there is none;
    /// <c>op=</c> is <c>|= . op $x</c> for each output <c>$x</c> of the right side on the original input.
    /// </summary>
    private static IEnumerable<JqValue> Assign(JqAssign assign, JqValue input)
    {
        switch (assign.Operator)
        {
            case "=":
                return Evaluate(assign.Value, input).Select(value =>
                    Paths(assign.Path, input).Aggregate(input, (current, p) => JqPaths.Set(current, p.Path, value)));
            case "|=":
                return [Modify(assign.Path, input, v => Evaluate(assign.Value, v).Take(1).ToList() is [var first] ? first : null)];
            default:
                var op = assign.Operator[..^1];
                return Evaluate(assign.Value, input).Select(x =>
                    Modify(assign.Path, input, v => op == "//" ? (v.IsTruthy ? v : x) : JqArithmetic.Apply(op, v, x)));
        }
    }

    private static JqValue Modify(JqNode path, JqValue input, Func<JqValue, JqValue?> update)
    {
        var result = input;
        var deleted = new List<IReadOnlyList<JqValue>>();
        foreach (var (p, _) in Paths(path, input).ToList())
        {
            var updated = update(JqPaths.Get(result, p));
            if (updated is null)
            {
                deleted.Add(p);
            }
            else
            {
                result = JqPaths.Set(result, p, updated);
            }
        }

        return deleted.Count == 0 ? result : JqPaths.Delete(result, deleted);
    }

    private static string Describe(JqNode node) => node switch
    {
        JqLiteral { Value: null } => "null",
        JqLiteral literal => JqJson.ToText(Literal(literal.Value)),
        JqCall call => call.Name,
        _ => node.GetType().Name["Jq".Length..].ToLowerInvariant(),
    };
}
