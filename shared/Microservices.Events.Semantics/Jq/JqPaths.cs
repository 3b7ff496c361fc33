using System.Collections.Immutable;

namespace Microservices.Events.Semantics.Jq;

/// <summary>
/// Reading, writing and deleting by key: a path is a list of object keys (strings) and array indexes (numbers).
/// Writing creates missing objects and arrays (padding arrays with null); a negative index counts from the end.
/// </summary>
public static class JqPaths
{
    /// <summary>Largest array index an assignment may create.</summary>
    public const int MaxArrayIndex = 1_000_000;

    /// <summary><c>.[key]</c>: null on null and for a missing key or an index out of range.</summary>
    public static JqValue Index(JqValue target, JqValue key) => (target, key) switch
    {
        (JqObject o, JqString s) => o.Properties.TryGetValue(s.Value, out var v) ? v : JqValue.Null,
        (JqArray a, JqNumber n) => ArrayIndex(a, n.Value) is var i && i >= 0 && i < a.Items.Length ? a.Items[i] : JqValue.Null,
        (JqNull, JqString or JqNumber) => JqValue.Null,
        _ => throw CannotIndex(target, key),
    };

    public static JqValue Get(JqValue root, IReadOnlyList<JqValue> path) =>
        path.Aggregate(root, (current, key) => current is JqNull ? JqValue.Null : Index(current, key));

    public static JqValue Set(JqValue root, IReadOnlyList<JqValue> path, JqValue value, int from = 0)
    {
        if (from == path.Count)
        {
            return value;
        }

        var key = path[from];
        switch (root, key)
        {
            case (JqObject or JqNull, JqString s):
            {
                var properties = root is JqObject o ? o.Properties : JqObject.Empty.Properties;
                var child = properties.TryGetValue(s.Value, out var existing) ? existing : JqValue.Null;
                return new JqObject(properties.SetItem(s.Value, Set(child, path, value, from + 1)));
            }

            case (JqArray or JqNull, JqNumber n):
            {
                var items = root is JqArray a ? a.Items : [];
                var index = ArrayIndex(items.Length, n.Value);
                if (index < 0)
                {
                    throw new JqException("Out of bounds negative array index");
                }

                if (index > MaxArrayIndex)
                {
                    throw new JqException($"array index {index} is larger than {MaxArrayIndex}");
                }

                var builder = items.ToBuilder();
                while (builder.Count <= index)
                {
                    builder.Add(JqValue.Null);
                }

                builder[index] = Set(builder[index], path, value, from + 1);
                return new JqArray(builder.ToImmutable());
            }

            default:
                throw CannotIndex(root, key);
        }
    }

    /// <summary>Deletes every path, the last in jq order first so earlier array indexes stay valid.</summary>
    public static JqValue Delete(JqValue root, IEnumerable<IReadOnlyList<JqValue>> paths) =>
        paths.OrderByDescending(p => new JqArray([.. p]), JqOrder.Instance).Aggregate(root, (current, path) => DeleteOne(current, path, 0));

    private static JqValue DeleteOne(JqValue root, IReadOnlyList<JqValue> path, int from)
    {
        if (path.Count == 0)
        {
            return JqValue.Null;
        }

        var key = path[from];
        var last = from == path.Count - 1;
        switch (root, key)
        {
            case (JqNull, JqString or JqNumber):
                return root;
            case (JqObject o, JqString s) when o.Properties.TryGetValue(s.Value, out var child):
                return new JqObject(last ? o.Properties.Remove(s.Value) : o.Properties.SetItem(s.Value, DeleteOne(child, path, from + 1)));
            case (JqObject, JqString):
                return root;
            case (JqArray a, JqNumber n):
            {
                var index = ArrayIndex(a, n.Value);
                if (index < 0 || index >= a.Items.Length)
                {
                    return root;
                }

                return new JqArray(last ? a.Items.RemoveAt(index) : a.Items.SetItem(index, DeleteOne(a.Items[index], path, from + 1)));
            }

            default:
                throw new JqException($"Cannot delete field at index {JqJson.ToText(key)} of {root.TypeName}");
        }
    }

    private static int ArrayIndex(JqArray array, double index) => ArrayIndex(array.Items.Length, index);

    private static int ArrayIndex(int length, double index)
    {
        var i = Math.Floor(index);
        if (i < 0)
        {
            i += length;
        }

        return i is < int.MinValue or > int.MaxValue - 1 ? (i < 0 ? -1 : int.MaxValue - 1) : (int)i;
    }

    private static JqException CannotIndex(JqValue target, JqValue key) => key is JqString s
        ? new($"Cannot index {target.TypeName} with \"{s.Value}\"")
        : new($"Cannot index {target.TypeName} with {key.TypeName}");
}
