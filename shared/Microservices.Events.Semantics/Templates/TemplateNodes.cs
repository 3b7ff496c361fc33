using Microservices.Events.Specs.Go;

namespace Microservices.Events.Semantics.Templates;

/// <summary>The parse tree of a Go template; <see cref="object.ToString"/> gives each node back as template source.</summary>
internal abstract record TemplateNode(int Pos);

internal sealed record ListNode(int Pos, IReadOnlyList<TemplateNode> Nodes) : TemplateNode(Pos);

internal sealed record TextNode(int Pos, string Text) : TemplateNode(Pos);

/// <summary><c>{{pipeline}}</c>: prints the value unless the pipeline declares or assigns variables.</summary>
internal sealed record ActionNode(int Pos, PipeNode Pipe) : TemplateNode(Pos);

internal enum ControlKind
{
    If,
    With,
    Range,
}

/// <summary><c>{{if}}</c>, <c>{{with}}</c> or <c>{{range}}</c> with its body and optional <c>{{else}}</c> body.</summary>
internal sealed record ControlNode(int Pos, ControlKind Kind, PipeNode Pipe, ListNode List, ListNode? Else) : TemplateNode(Pos);

internal sealed record BreakNode(int Pos) : TemplateNode(Pos);

internal sealed record ContinueNode(int Pos) : TemplateNode(Pos);

/// <summary>Commands joined by <c>|</c>, optionally declaring (<c>:=</c>) or assigning (<c>=</c>) variables.</summary>
internal sealed record PipeNode(int Pos, IReadOnlyList<string> Decl, bool IsAssign, IReadOnlyList<CommandNode> Commands) : TemplateNode(Pos)
{
    public override string ToString()
    {
        var decl = Decl.Count == 0 ? "" : $"{string.Join(", ", Decl)} {(IsAssign ? "=" : ":=")} ";
        return decl + string.Join(" | ", Commands);
    }
}

/// <summary>One stage of a pipeline: an operand, or a function with its arguments.</summary>
internal sealed record CommandNode(int Pos, IReadOnlyList<TemplateNode> Args) : TemplateNode(Pos)
{
    public override string ToString() => string.Join(" ", Args.Select(a => a is PipeNode ? $"({a})" : a.ToString()));
}

/// <summary><c>.a.b</c>: fields of dot.</summary>
internal sealed record FieldNode(int Pos, IReadOnlyList<string> Names) : TemplateNode(Pos)
{
    public override string ToString() => string.Concat(Names.Select(n => "." + n));
}

/// <summary><c>$x.a.b</c>: a variable and optional fields.</summary>
internal sealed record VariableNode(int Pos, string Name, IReadOnlyList<string> Fields) : TemplateNode(Pos)
{
    public override string ToString() => Name + string.Concat(Fields.Select(n => "." + n));
}

/// <summary><c>(pipeline).a.b</c> or <c>fn.a</c>: fields of a computed value.</summary>
internal sealed record ChainNode(int Pos, TemplateNode Node, IReadOnlyList<string> Fields) : TemplateNode(Pos)
{
    public override string ToString() => (Node is PipeNode ? $"({Node})" : Node.ToString()) + string.Concat(Fields.Select(n => "." + n));
}

internal sealed record IdentifierNode(int Pos, string Name) : TemplateNode(Pos)
{
    public override string ToString() => Name;
}

internal sealed record DotNode(int Pos) : TemplateNode(Pos)
{
    public override string ToString() => ".";
}

internal sealed record NilNode(int Pos) : TemplateNode(Pos)
{
    public override string ToString() => "nil";
}

internal sealed record BoolNode(int Pos, bool Value) : TemplateNode(Pos)
{
    public override string ToString() => Value ? "true" : "false";
}

/// <summary>A number constant: an int (<see cref="long"/>) unless written with a point or exponent (<see cref="double"/>).</summary>
internal sealed record NumberNode(int Pos, object Value, string Text) : TemplateNode(Pos)
{
    public override string ToString() => Text;
}

internal sealed record StringNode(int Pos, string Value) : TemplateNode(Pos)
{
    public override string ToString() => GoQuote.Quote(Value);
}
