namespace Microservices.Events.Semantics.Jq;

/// <summary>
/// jq's total order: null &lt; false &lt; true &lt; numbers &lt; strings &lt; arrays &lt; objects. Arrays compare element
/// by element; objects first by their sorted key lists, then value by value.
/// </summary>
public sealed class JqOrder : IComparer<JqValue>, IEqualityComparer<JqValue>
{
    public static readonly JqOrder Instance = new();

    public int Compare(JqValue? x, JqValue? y)
    {
        x ??= JqValue.Null;
        y ??= JqValue.Null;
        var byRank = Rank(x).CompareTo(Rank(y));
        if (byRank != 0)
        {
            return byRank;
        }

        return (x, y) switch
        {
            (JqNumber a, JqNumber b) => a.Value.CompareTo(b.Value),
            (JqString a, JqString b) => string.CompareOrdinal(a.Value, b.Value),
            (JqArray a, JqArray b) => CompareSequences(a.Items, b.Items),
            (JqObject a, JqObject b) => CompareObjects(a, b),
            _ => 0,
        };
    }

    public bool Equals(JqValue? x, JqValue? y) => Compare(x, y) == 0;

    public int GetHashCode(JqValue obj) => obj switch
    {
        JqNumber n => n.Value.GetHashCode(),
        JqString s => s.Value.GetHashCode(StringComparison.Ordinal),
        JqArray a => a.Items.Length,
        JqObject o => o.Properties.Count,
        _ => Rank(obj),
    };

    private static int Rank(JqValue value) => value switch
    {
        JqNull => 0,
        JqBoolean { Value: false } => 1,
        JqBoolean => 2,
        JqNumber => 3,
        JqString => 4,
        JqArray => 5,
        _ => 6,
    };

    private int CompareSequences(IReadOnlyList<JqValue> a, IReadOnlyList<JqValue> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = Compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    private int CompareObjects(JqObject a, JqObject b)
    {
        var byKeys = CompareSequences(
            [.. a.Properties.Keys.Select(k => (JqValue)new JqString(k))],
            [.. b.Properties.Keys.Select(k => (JqValue)new JqString(k))]);
        if (byKeys != 0)
        {
            return byKeys;
        }

        foreach (var (key, value) in a.Properties)
        {
            var c = Compare(value, b.Properties[key]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
