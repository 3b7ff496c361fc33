namespace Microservices.Events.Specs.Jq;

/// <summary>
/// A parsed program of the jq subset (see <see cref="JqParser"/>). <see cref="Depth"/> is the height of the tree; the
/// parser refuses programs deeper than <see cref="JqParser.MaxDepth"/> so evaluating them cannot exhaust the stack.
/// </summary>
public abstract record JqNode(int Depth)
{
    protected static int Above(params JqNode?[] children) => 1 + children.Select(c => c?.Depth ?? 0).DefaultIfEmpty(0).Max();
}

/// <summary><c>.</c></summary>
public sealed record JqIdentity() : JqNode(1)
{
    public static readonly JqIdentity Instance = new();
}

/// <summary><c>null</c>, <c>true</c>, <c>false</c>, a number (<see cref="double"/>) or a string.</summary>
public sealed record JqLiteral(object? Value) : JqNode(1);

/// <summary>A string with <c>\(…)</c> interpolations: literal parts are <see cref="JqLiteral"/> strings.</summary>
public sealed record JqInterpolation(IReadOnlyList<JqNode> Parts) : JqNode(Above([.. Parts]));

/// <summary><c>Target.name</c>, <c>Target["name"]</c>, <c>Target[0]</c>; <see cref="Key"/> is evaluated against the input of the whole term.</summary>
public sealed record JqIndex(JqNode Target, JqNode Key) : JqNode(Above(Target, Key));

/// <summary><c>Target[]</c>: every element of an array or value of an object.</summary>
public sealed record JqIterate(JqNode Target) : JqNode(Above(Target));

/// <summary><c>Body?</c>: the outputs of <see cref="Body"/> until its first error, which is dropped.</summary>
public sealed record JqTry(JqNode Body) : JqNode(Above(Body));

/// <summary><c>Left | Right</c></summary>
public sealed record JqPipe(JqNode Left, JqNode Right) : JqNode(Above(Left, Right));

/// <summary><c>Left, Right</c></summary>
public sealed record JqComma(JqNode Left, JqNode Right) : JqNode(Above(Left, Right));

/// <summary><c>Left // Right</c>: the truthy outputs of <see cref="Left"/>, or else those of <see cref="Right"/>.</summary>
public sealed record JqAlternative(JqNode Left, JqNode Right) : JqNode(Above(Left, Right));

/// <summary><c>Path op Value</c> with op one of <c>= |= += -= *= /= %= //=</c>.</summary>
public sealed record JqAssign(string Operator, JqNode Path, JqNode Value) : JqNode(Above(Path, Value));

/// <summary><c>Left and Right</c> (<see cref="IsOr"/> false) or <c>Left or Right</c>.</summary>
public sealed record JqLogical(bool IsOr, JqNode Left, JqNode Right) : JqNode(Above(Left, Right));

/// <summary>Arithmetic <c>+ - * / %</c> or comparison <c>== != &lt; &lt;= &gt; &gt;=</c>.</summary>
public sealed record JqBinary(string Operator, JqNode Left, JqNode Right) : JqNode(Above(Left, Right));

/// <summary><c>-Operand</c></summary>
public sealed record JqNegate(JqNode Operand) : JqNode(Above(Operand));

/// <summary><c>[Body]</c>, or <c>[]</c> when <see cref="Body"/> is null.</summary>
public sealed record JqArrayConstruction(JqNode? Body) : JqNode(Above(Body));

/// <summary><c>{key: value, …}</c>; the shorthand <c>{a}</c> is stored as <c>{"a": .a}</c>.</summary>
public sealed record JqObjectConstruction(IReadOnlyList<JqObjectEntry> Entries) : JqNode(Above([.. Entries.SelectMany(e => new[] { e.Key, e.Value })]));

public sealed record JqObjectEntry(JqNode Key, JqNode Value);

/// <summary><c>if Condition then Then else Else end</c>; <c>elif</c> nests; no <c>else</c> means <c>.</c>.</summary>
public sealed record JqIf(JqNode Condition, JqNode Then, JqNode? Else) : JqNode(Above(Condition, Then, Else));

/// <summary>A call of one of <see cref="JqFunctions.Supported"/>.</summary>
public sealed record JqCall(string Name, IReadOnlyList<JqNode> Arguments) : JqNode(Above([.. Arguments]));
