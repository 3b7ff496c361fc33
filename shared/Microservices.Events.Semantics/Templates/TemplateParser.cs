namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// Builds the parse tree from tokens, as Go's text/template/parse does: unknown functions and undefined variables
/// are parse errors; <c>{{else if}}</c> and <c>{{else with}}</c> chain; <c>{{break}}</c>/<c>{{continue}}</c> only
/// inside <c>{{range}}</c>. <c>define</c>, <c>template</c> and <c>block</c> are not supported.
/// </summary>
internal sealed class TemplateParser
{
    private const int MaxDepth = TemplateLimits.MaxDepth;

    private readonly string _source;
    private readonly List<TemplateToken> _tokens;
    private readonly Func<string, bool> _isFunction;
    private readonly List<string> _vars = ["$"];
    private int _index;
    private int _rangeDepth;
    private int _depth;

    private TemplateParser(string source, Func<string, bool> isFunction)
    {
        _source = source;
        _tokens = TemplateLexer.Lex(source);
        _isFunction = isFunction;
    }

    public static ListNode Parse(string source, Func<string, bool> isFunction)
    {
        var parser = new TemplateParser(source, isFunction);
        var (list, end) = parser.ItemList();
        if (end is not null)
        {
            throw parser.Error(end.Value, $"unexpected {{{{{end.Value.Value}}}}}");
        }

        return list;
    }

    private TemplateToken Peek(int ahead = 0) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private TemplateToken Next() => _tokens[Math.Min(_index++, _tokens.Count - 1)];

    private TemplateToken Expect(TokenKind kind, string context)
    {
        var token = Next();
        if (token.Kind != kind)
        {
            throw Unexpected(token, context);
        }

        return token;
    }

    /// <summary>Nodes up to <c>{{end}}</c> or <c>{{else}}</c> (returned, with the delimiter consumed) or the end of input (null).</summary>
    private (ListNode List, TemplateToken? End) ItemList()
    {
        var nodes = new List<TemplateNode>();
        var pos = Peek().Pos;
        while (true)
        {
            var token = Next();
            switch (token.Kind)
            {
                case TokenKind.Eof:
                    _index--;
                    return (new ListNode(pos, nodes), null);
                case TokenKind.Text:
                    nodes.Add(new TextNode(token.Pos, token.Value));
                    break;
                case TokenKind.LeftDelim:
                    var keyword = Peek();
                    if (keyword is { Kind: TokenKind.Keyword, Value: "end" or "else" })
                    {
                        _index++;
                        if (keyword.Value == "end")
                        {
                            Expect(TokenKind.RightDelim, "end");
                        }

                        return (new ListNode(pos, nodes), keyword);
                    }

                    nodes.Add(Action());
                    break;
                default:
                    throw Unexpected(token, "input");
            }
        }
    }

    private TemplateNode Action()
    {
        var token = Peek();
        if (token.Kind != TokenKind.Keyword)
        {
            return new ActionNode(token.Pos, Pipeline("command", TokenKind.RightDelim));
        }

        _index++;
        switch (token.Value)
        {
            case "if":
                return Control(ControlKind.If, token);
            case "with":
                return Control(ControlKind.With, token);
            case "range":
                return Control(ControlKind.Range, token);
            case "break" or "continue":
                if (_rangeDepth == 0)
                {
                    throw Error(token, $"{{{{{token.Value}}}}} outside {{{{range}}}}");
                }

                Expect(TokenKind.RightDelim, token.Value);
                return token.Value == "break" ? new BreakNode(token.Pos) : new ContinueNode(token.Pos);
            default:
                throw Error(token, $"{{{{{token.Value}}}}} is not supported (only a single template is)");
        }
    }

    private ControlNode Control(ControlKind kind, TemplateToken start) => Nested(start, () => ControlAt(kind, start));

    private ControlNode ControlAt(ControlKind kind, TemplateToken start)
    {
        var mark = _vars.Count;
        var context = kind.ToString().ToLowerInvariant();
        var pipe = Pipeline(context, TokenKind.RightDelim);
        if (kind == ControlKind.Range)
        {
            _rangeDepth++;
        }

        var (list, end) = ItemList();
        if (kind == ControlKind.Range)
        {
            _rangeDepth--;
        }

        ListNode? elseList = null;
        if (end is null)
        {
            throw Error(start, $"unexpected EOF: {{{{{context}}}}} has no {{{{end}}}}");
        }

        if (end.Value.Value == "else")
        {
            var chained = Peek();
            if (kind != ControlKind.Range && chained is { Kind: TokenKind.Keyword } && chained.Value == context)
            {
                _index++;
                elseList = new ListNode(chained.Pos, [Control(kind, chained)]);
            }
            else
            {
                Expect(TokenKind.RightDelim, "else");
                (elseList, var elseEnd) = ItemList();
                if (elseEnd is null)
                {
                    throw Error(start, $"unexpected EOF: {{{{{context}}}}} has no {{{{end}}}}");
                }

                if (elseEnd.Value.Value != "end")
                {
                    throw Error(elseEnd.Value, "expected end; found {{else}}");
                }
            }
        }

        _vars.RemoveRange(mark, _vars.Count - mark);
        return new ControlNode(start.Pos, kind, pipe, list, elseList);
    }

    private PipeNode Pipeline(string context, TokenKind end) => Nested(Peek(), () => PipelineAt(context, end));

    private T Nested<T>(TemplateToken at, Func<T> parse)
    {
        if (++_depth > MaxDepth)
        {
            throw Error(at, $"nested more than {MaxDepth} levels deep");
        }

        try
        {
            return parse();
        }
        finally
        {
            _depth--;
        }
    }

    private PipeNode PipelineAt(string context, TokenKind end)
    {
        var start = Peek();
        var decl = new List<string>();
        var isAssign = false;
        if (Peek().Kind == TokenKind.Variable)
        {
            var declares = Peek(1).Kind is TokenKind.Declare or TokenKind.Assign;
            var pair = context == "range" && Peek(1).Kind == TokenKind.Comma && Peek(2).Kind == TokenKind.Variable && Peek(3).Kind == TokenKind.Declare;
            if (declares || pair)
            {
                var first = Next();
                decl.Add(first.Value);
                if (pair)
                {
                    _index++;
                    decl.Add(Next().Value);
                }

                isAssign = Next().Kind == TokenKind.Assign;
                if (isAssign && !_vars.Contains(first.Value))
                {
                    throw Error(first, $"undefined variable \"{first.Value}\"");
                }

                _vars.AddRange(decl);
            }
            else if (Peek(1).Kind == TokenKind.Comma)
            {
                throw Error(Peek(1), context == "range" ? "range can only initialize variables" : $"too many declarations in {context}");
            }
        }

        var commands = new List<CommandNode>();
        while (true)
        {
            var token = Peek();
            if (token.Kind == end)
            {
                _index++;
                break;
            }

            if (token.Kind is TokenKind.Eof or TokenKind.RightDelim or TokenKind.RightParen)
            {
                throw Unexpected(token, context);
            }

            commands.Add(Command(end));
            if (Peek().Kind == TokenKind.Pipe)
            {
                _index++;
                if (Peek().Kind == end)
                {
                    throw Error(Peek(), "missing command after |");
                }
            }
        }

        if (commands.Count == 0)
        {
            throw Error(start, $"missing value for {context}");
        }

        for (var i = 1; i < commands.Count; i++)
        {
            if (commands[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
            {
                throw Error(Peek(-1), $"non executable command in pipeline stage {i + 1}");
            }
        }

        return new PipeNode(start.Pos, decl, isAssign, commands);
    }

    private CommandNode Command(TokenKind end)
    {
        var args = new List<TemplateNode>();
        var pos = Peek().Pos;
        while (Peek().Kind != end && Peek().Kind != TokenKind.Pipe)
        {
            if (args.Count > 0 && !Peek().SpaceBefore)
            {
                throw Unexpected(Peek(), "operand");
            }

            args.Add(Operand());
        }

        if (args.Count == 0)
        {
            throw Error(Peek(), "empty command");
        }

        return new CommandNode(pos, args);
    }

    private TemplateNode Operand()
    {
        var term = Term();
        if (Peek() is not { Kind: TokenKind.Field, SpaceBefore: false })
        {
            return term;
        }

        var fields = new List<string>();
        while (Peek() is { Kind: TokenKind.Field, SpaceBefore: false })
        {
            fields.Add(Next().Value[1..]);
        }

        return term switch
        {
            FieldNode f => new FieldNode(f.Pos, [.. f.Names, .. fields]),
            VariableNode v => new VariableNode(v.Pos, v.Name, [.. v.Fields, .. fields]),
            PipeNode or IdentifierNode => new ChainNode(term.Pos, term, fields),
            _ => throw Error(Peek(-1), $"unexpected . after term \"{term}\""),
        };
    }

    private TemplateNode Term()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                if (!_isFunction(token.Value))
                {
                    throw Error(token, $"function \"{token.Value}\" not defined");
                }

                return new IdentifierNode(token.Pos, token.Value);
            case TokenKind.Dot:
                return new DotNode(token.Pos);
            case TokenKind.Nil:
                return new NilNode(token.Pos);
            case TokenKind.Variable:
                if (!_vars.Contains(token.Value))
                {
                    throw Error(token, $"undefined variable \"{token.Value}\"");
                }

                return new VariableNode(token.Pos, token.Value, []);
            case TokenKind.Field:
                return new FieldNode(token.Pos, [token.Value[1..]]);
            case TokenKind.Bool:
                return new BoolNode(token.Pos, token.Value == "true");
            case TokenKind.Number:
                return new NumberNode(token.Pos, NumberLiteral.Parse(token.Value) ?? throw Error(token, $"illegal number syntax: \"{token.Value}\""), token.Value);
            case TokenKind.String:
                return new StringNode(token.Pos, token.Value);
            case TokenKind.LeftParen:
                return Pipeline("parenthesized pipeline", TokenKind.RightParen);
            default:
                throw Unexpected(token, "operand");
        }
    }

    private TemplateException Unexpected(TemplateToken token, string context) =>
        Error(token, token.Kind == TokenKind.Eof ? $"unexpected EOF in {context}" : $"unexpected \"{token}\" in {context}");

    private TemplateException Error(TemplateToken token, string message) => TemplateErrors.Parse(_source, token.Pos, message);
}
