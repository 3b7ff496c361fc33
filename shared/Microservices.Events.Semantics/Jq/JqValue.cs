using System.Collections.Immutable;

namespace Microservices.Events.Semantics.Jq;

/// <summary>
/// An immutable jq value. Objects keep their keys in ordinal order, as gojq (Argo's jq) does, so iteration and
/// output are sorted by key. Numbers are doubles that remember the JSON text they were read from until changed.
/// </summary>
public abstract class JqValue
{
    public static readonly JqValue Null = new JqNull();
    public static readonly JqValue True = new JqBoolean(true);
    public static readonly JqValue False = new JqBoolean(false);

    /// <summary>jq's <c>type</c>: null, boolean, number, string, array or object.</summary>
    public abstract string TypeName { get; }

    /// <summary>Everything but <c>null</c> and <c>false</c>.</summary>
    public virtual bool IsTruthy => true;

    public static JqValue Bool(bool value) => value ? True : False;

    public override string ToString() => JqJson.ToText(this);
}

public sealed class JqNull : JqValue
{
    internal JqNull()
    {
    }

    public override string TypeName => "null";

    public override bool IsTruthy => false;
}

public sealed class JqBoolean : JqValue
{
    internal JqBoolean(bool value) => Value = value;

    public bool Value { get; }

    public override string TypeName => "boolean";

    public override bool IsTruthy => Value;
}

public sealed class JqNumber(double value, string? literal = null) : JqValue
{
    public double Value { get; } = value;

    /// <summary>The JSON text the number was read from, kept so large integers pass through unchanged.</summary>
    public string? Literal { get; } = literal;

    public override string TypeName => "number";
}

public sealed class JqString(string value) : JqValue
{
    public string Value { get; } = value;

    public override string TypeName => "string";
}

public sealed class JqArray(ImmutableArray<JqValue> items) : JqValue
{
    public static readonly JqArray Empty = new([]);

    public ImmutableArray<JqValue> Items { get; } = items;

    public override string TypeName => "array";
}

public sealed class JqObject(ImmutableSortedDictionary<string, JqValue> properties) : JqValue
{
    public static readonly JqObject Empty = new(ImmutableSortedDictionary.Create<string, JqValue>(StringComparer.Ordinal));

    public ImmutableSortedDictionary<string, JqValue> Properties { get; } = properties;

    public override string TypeName => "object";
}
