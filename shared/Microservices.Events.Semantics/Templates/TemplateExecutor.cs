using System.Text;

namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// Runs a parse tree as Go's text/template exec does: a missing map key is "no value" (printed <c>&lt;no value&gt;</c>),
/// a nil at the end of a pipeline becomes "no value", fields of a missing value are missing, fields of nil or of a
/// non-map are errors, and arguments are checked against each function's parameter kinds.
/// </summary>
internal sealed class TemplateExecutor
{
    private const int MaxSteps = TemplateLimits.MaxSteps;
    private const int MaxChars = TemplateLimits.MaxChars;

    private static readonly object NoFinal = new();

    private readonly string _source;
    private readonly CallContext _context;
    private readonly StringBuilder _output = new();
    private readonly List<(string Name, object? Value)> _vars = [];
    private TemplateNode? _at;
    private int _steps;

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    private TemplateExecutor(string source, CallContext context)
    {
        _source = source;
        _context = context;
    }

    public static string Execute(string source, ListNode root, object? data, CallContext context)
    {
        var executor = new TemplateExecutor(source, context);
        executor._vars.Add(("$", data));
        executor.Walk(data, root);
        return executor._output.ToString();
    }

    private Flow Walk(object? dot, TemplateNode node)
    {
        Step();
        switch (node)
        {
            case TextNode text:
                _output.Append(text.Text);
                return Flow.Normal;
            case ActionNode action:
                var value = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Decl.Count == 0)
                {
                    _output.Append(GoValues.Format(value));
                }

                return Flow.Normal;
            case ListNode list:
                foreach (var child in list.Nodes)
                {
                    if (Walk(dot, child) is var flow and not Flow.Normal)
                    {
                        return flow;
                    }
                }

                return Flow.Normal;
            case ControlNode { Kind: ControlKind.Range } range:
                return WalkRange(dot, range);
            case ControlNode control:
                return WalkIfOrWith(dot, control);
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            default:
                throw Fail($"unknown node {node}");
        }
    }

    private Flow WalkIfOrWith(object? dot, ControlNode control)
    {
        var mark = _vars.Count;
        try
        {
            var value = EvalPipeline(dot, control.Pipe);
            if (GoValues.Truth(value))
            {
                return Walk(control.Kind == ControlKind.With ? value : dot, control.List);
            }

            return control.Else is null ? Flow.Normal : Walk(dot, control.Else);
        }
        finally
        {
            Pop(mark);
        }
    }

    private Flow WalkRange(object? dot, ControlNode range)
    {
        var mark = _vars.Count;
        try
        {
            var value = EvalPipeline(dot, range.Pipe);
            IEnumerable<(object? Key, object? Item)> items = value switch
            {
                null or NoValue => [],
                List<object?> list => list.Select((item, i) => ((object?)(long)i, item)).ToList(),
                SortedDictionary<string, object?> map => map.Select(p => ((object?)p.Key, p.Value)).ToList(),
                long n => Count(n),
                _ => throw Fail($"range can't iterate over {GoValues.Format(value)}"),
            };

            var empty = true;
            foreach (var (key, item) in items)
            {
                empty = false;
                SetRangeVariables(range.Pipe, key, item);
                var inner = _vars.Count;
                var flow = Walk(item, range.List);
                Pop(inner);
                if (flow == Flow.Break)
                {
                    break;
                }
            }

            if (empty && range.Else is not null)
            {
                return Walk(dot, range.Else);
            }

            return Flow.Normal;
        }
        finally
        {
            Pop(mark);
        }
    }

    private static IEnumerable<(object? Key, object? Item)> Count(long n)
    {
        for (long i = 0; i < n; i++)
        {
            yield return (i, i);
        }
    }

    /// <summary>One variable gets the element; two get the index (or key) and the element.</summary>
    private void SetRangeVariables(PipeNode pipe, object? key, object? item)
    {
        switch (pipe.Decl.Count)
        {
            case 1:
                SetVariable(pipe.Decl[0], item);
                break;
            case 2:
                SetVariable(pipe.Decl[0], key);
                SetVariable(pipe.Decl[1], item);
                break;
        }
    }

    private object? EvalPipeline(object? dot, PipeNode pipe)
    {
        object? value = NoFinal;
        foreach (var command in pipe.Commands)
        {
            Step();
            value = EvalCommand(dot, command, value);
            if (value is null)
            {
                value = NoValue.Instance;
            }
            else if (value is string { Length: > MaxChars })
            {
                throw Fail($"a value of more than {MaxChars} characters");
            }
        }

        foreach (var name in pipe.Decl)
        {
            if (pipe.IsAssign)
            {
                SetVariable(name, value);
            }
            else
            {
                _vars.Add((name, value));
            }
        }

        return value;
    }

    private object? EvalCommand(object? dot, CommandNode command, object? final)
    {
        var first = command.Args[0];
        _at = first;
        switch (first)
        {
            case FieldNode field:
                return EvalFields(dot, field.Names, command.Args, final);
            case ChainNode chain:
                return EvalChain(dot, chain, command.Args, final);
            case IdentifierNode identifier:
                return EvalFunction(dot, identifier, command.Args, final);
            case VariableNode variable:
                return EvalVariable(variable, command.Args, final);
            case PipeNode pipe:
                NotAFunction(command.Args, final);
                return EvalPipeline(dot, pipe);
        }

        NotAFunction(command.Args, final);
        return first switch
        {
            BoolNode b => b.Value,
            DotNode => dot,
            NilNode => throw Fail("nil is not a command"),
            NumberNode n => n.Value,
            StringNode s => s.Value,
            _ => throw Fail($"can't evaluate command {first}"),
        };
    }

    private void NotAFunction(IReadOnlyList<TemplateNode> args, object? final)
    {
        if (args.Count > 1 || final != NoFinal)
        {
            throw Fail($"can't give argument to non-function {args[0]}");
        }
    }

    /// <summary>An argument's value, without parameter checks.</summary>
    private object? EvalArg(object? dot, TemplateNode node)
    {
        _at = node;
        return node switch
        {
            DotNode => dot,
            NilNode => null,
            FieldNode field => EvalFields(dot, field.Names, [node], NoFinal),
            VariableNode variable => EvalVariable(variable, [node], NoFinal),
            PipeNode pipe => EvalPipeline(dot, pipe),
            IdentifierNode identifier => EvalFunction(dot, identifier, [node], NoFinal),
            ChainNode chain => EvalChain(dot, chain, [node], NoFinal),
            BoolNode b => b.Value,
            NumberNode n => n.Value,
            StringNode s => s.Value,
            _ => throw Fail($"can't handle {node} as an argument"),
        };
    }

    private object? EvalVariable(VariableNode variable, IReadOnlyList<TemplateNode> args, object? final)
    {
        var value = GetVariable(variable.Name);
        if (variable.Fields.Count == 0)
        {
            NotAFunction(args, final);
            return value;
        }

        return EvalFields(value, variable.Fields, args, final);
    }

    private object? EvalChain(object? dot, ChainNode chain, IReadOnlyList<TemplateNode> args, object? final)
    {
        return EvalFields(EvalArg(dot, chain.Node), chain.Fields, args, final);
    }

    private object? EvalFields(object? receiver, IReadOnlyList<string> names, IReadOnlyList<TemplateNode> args, object? final)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var hasArgs = i == names.Count - 1 && (args.Count > 1 || final != NoFinal);
            receiver = EvalField(receiver, names[i], hasArgs);
        }

        return receiver;
    }

    private object? EvalField(object? receiver, string name, bool hasArgs) => receiver switch
    {
        NoValue => NoValue.Instance,
        null => throw Fail($"nil pointer evaluating interface {{}}.{name}"),
        SortedDictionary<string, object?> when hasArgs => throw Fail($"{name} is not a method but has arguments"),
        SortedDictionary<string, object?> map => map.TryGetValue(name, out var value) ? value : NoValue.Instance,
        _ => throw Fail($"can't evaluate field {name} in type {GoValues.TypeName(receiver)}"),
    };

    private object? EvalFunction(object? dot, IdentifierNode identifier, IReadOnlyList<TemplateNode> args, object? final)
    {
        var function = TemplateFunctions.All[identifier.Name];
        var argNodes = args.Skip(1).ToList();
        if (identifier.Name is "and" or "or")
        {
            return EvalAndOr(dot, identifier.Name == "or", argNodes, final);
        }

        var count = argNodes.Count + (final == NoFinal ? 0 : 1);
        var fixedCount = function.Params.Count;
        _at = identifier;
        if (function.Variadic is null ? count != fixedCount : count < fixedCount)
        {
            var want = function.Variadic is null ? $"{fixedCount}" : $"at least {fixedCount}";
            throw Fail($"wrong number of args for {function.Name}: want {want} got {count}");
        }

        var converted = new object?[count];
        for (var i = 0; i < count; i++)
        {
            var value = i < argNodes.Count ? EvalArg(dot, argNodes[i]) : final;
            _at = i < argNodes.Count ? argNodes[i] : identifier;
            converted[i] = Convert(value, i < fixedCount ? function.Params[i] : function.Variadic!.Value);
        }

        _at = identifier;
        try
        {
            return function.Invoke(_context, converted);
        }
        catch (Exception ex)
        {
            throw Fail($"error calling {function.Name}: {ex.Message}");
        }
    }

    /// <summary>Go's short-circuit and/or: the first falsy (and) or truthy (or) argument, else the last one.</summary>
    private object? EvalAndOr(object? dot, bool isOr, IReadOnlyList<TemplateNode> args, object? final)
    {
        if (args.Count + (final == NoFinal ? 0 : 1) == 0)
        {
            throw Fail($"wrong number of args for {(isOr ? "or" : "and")}: want at least 1 got 0");
        }

        object? value = null;
        foreach (var arg in args)
        {
            value = EvalArg(dot, arg);
            if (GoValues.Truth(value) == isOr)
            {
                return value;
            }
        }

        return final == NoFinal ? value : final;
    }

    private object? Convert(object? value, ArgKind kind) => (kind, value) switch
    {
        (ArgKind.Value, _) => value,
        (ArgKind.Any, NoValue) => null,
        (ArgKind.Any, _) => value,
        (ArgKind.Text, string) => value,
        (ArgKind.Text, NoValue) => throw Fail("invalid value; expected string"),
        (ArgKind.Text, _) => throw Fail($"wrong type for value; expected string; got {GoValues.TypeName(value)}"),
        _ => value,
    };

    private object? GetVariable(string name)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                return _vars[i].Value;
            }
        }

        throw Fail($"undefined variable: {name}");
    }

    private void SetVariable(string name, object? value)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                _vars[i] = (name, value);
                return;
            }
        }

        throw Fail($"undefined variable: {name}");
    }

    private void Pop(int mark) => _vars.RemoveRange(mark, _vars.Count - mark);

    private void Step()
    {
        if (++_steps > MaxSteps)
        {
            throw Fail($"stopped after {MaxSteps} steps");
        }

        if (_output.Length > MaxChars)
        {
            throw Fail($"the output is longer than {MaxChars} characters");
        }
    }

    private TemplateException Fail(string message) =>
        TemplateErrors.Exec(_source, _at?.Pos ?? 0, _at?.ToString() ?? "", message);
}
