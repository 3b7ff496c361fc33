namespace Microservices.Events.Specs.Expressions;

/// <summary>
/// expr's grammar (precedence climbing with expr's table): <c>?:</c> (right) · <c>or ||</c> 10 · <c>and &amp;&amp;</c> 15 ·
/// <c>== != &lt; &gt; &lt;= &gt;= in not-in matches contains startsWith endsWith</c> 20 · <c>+ -</c> 30 ·
/// <c>* / %</c> 60 · <c>** ^</c> 100 (right) · <c>??</c> 500; unary <c>not !</c> 50 and <c>- +</c> 90; then member
/// access <c>a.b</c>, indexing <c>a[i]</c>, calls <c>f(x)</c>, parentheses, literals and arrays <c>[a, b]</c>.
/// </summary>
internal sealed class ExprParser(IReadOnlyList<ExpressionToken> tokens)
{
    private sealed record Binary(BinaryOperator Operator, int Precedence, bool RightAssociative = false);

    private static readonly Dictionary<string, Binary> Binaries = new(StringComparer.Ordinal)
    {
        ["or"] = new(BinaryOperator.Or, 10),
        ["||"] = new(BinaryOperator.Or, 10),
        ["and"] = new(BinaryOperator.And, 15),
        ["&&"] = new(BinaryOperator.And, 15),
        ["=="] = new(BinaryOperator.Equal, 20),
        ["!="] = new(BinaryOperator.NotEqual, 20),
        ["<"] = new(BinaryOperator.Less, 20),
        [">"] = new(BinaryOperator.Greater, 20),
        ["<="] = new(BinaryOperator.LessOrEqual, 20),
        [">="] = new(BinaryOperator.GreaterOrEqual, 20),
        ["in"] = new(BinaryOperator.In, 20),
        ["matches"] = new(BinaryOperator.Matches, 20),
        ["contains"] = new(BinaryOperator.Contains, 20),
        ["startsWith"] = new(BinaryOperator.StartsWith, 20),
        ["endsWith"] = new(BinaryOperator.EndsWith, 20),
        ["+"] = new(BinaryOperator.Add, 30),
        ["-"] = new(BinaryOperator.Subtract, 30),
        ["*"] = new(BinaryOperator.Multiply, 60),
        ["/"] = new(BinaryOperator.Divide, 60),
        ["%"] = new(BinaryOperator.Modulo, 60),
        ["**"] = new(BinaryOperator.Power, 100, RightAssociative: true),
        ["^"] = new(BinaryOperator.Power, 100, RightAssociative: true),
        ["??"] = new(BinaryOperator.Coalesce, 500),
    };

    private readonly TokenCursor _cursor = new(tokens);

    public ExpressionNode ParseAll()
    {
        if (_cursor.Current.Kind == TokenKind.End)
        {
            throw new ExpressionSyntaxException("the expression is empty", 0);
        }

        var node = ParseExpression(0);
        if (_cursor.Current.Kind != TokenKind.End)
        {
            throw _cursor.Current.IsOperator("..")
                ? new ExpressionSyntaxException("ranges (..) are not supported", _cursor.Current.Position)
                : _cursor.Unexpected("expected an operator or the end of the expression");
        }

        return node;
    }

    private ExpressionNode ParseExpression(int precedence) => _cursor.Nested(() => ParseExpressionAt(precedence));

    private ExpressionNode ParseExpressionAt(int precedence)
    {
        var left = ParsePrimary();
        string? last = null;
        while (_cursor.Current.Kind == TokenKind.Operator)
        {
            var negate = _cursor.Current.Text == "not" && _cursor.Peek().Kind == TokenKind.Operator && Binaries.ContainsKey(_cursor.Peek().Text);
            var opToken = negate ? _cursor.Peek() : _cursor.Current;
            if (!Binaries.TryGetValue(opToken.Text, out var op) || op.Precedence < precedence)
            {
                break;
            }

            if (last == "??" && opToken.Text != "??")
            {
                throw new ExpressionSyntaxException($"operator '{opToken.Text}' and coalesce expressions (??) cannot be mixed; wrap either in parentheses", opToken.Position);
            }

            if (negate)
            {
                _cursor.Next();
            }

            _cursor.Next();
            var right = ParseExpression(op.RightAssociative ? op.Precedence : op.Precedence + 1);
            left = negate && op.Operator == BinaryOperator.In
                ? new BinaryNode(BinaryOperator.NotIn, left, right, opToken.Position)
                : new BinaryNode(op.Operator, left, right, opToken.Position);
            if (negate && op.Operator != BinaryOperator.In)
            {
                left = new UnaryNode(UnaryOperator.Not, left, opToken.Position);
            }

            last = opToken.Text;
        }

        return precedence == 0 ? ParseConditional(left) : left;
    }

    private ExpressionNode ParseConditional(ExpressionNode condition)
    {
        while (_cursor.Current.IsOperator("?"))
        {
            var question = _cursor.Next();
            if (_cursor.TryOperator(":"))
            {
                condition = new ConditionalNode(condition, condition, ParseExpression(0), question.Position);
                continue;
            }

            var whenTrue = ParseExpression(0);
            if (!_cursor.TryOperator(":"))
            {
                throw _cursor.Unexpected("expected ':' of the conditional");
            }

            condition = new ConditionalNode(condition, whenTrue, ParseExpression(0), question.Position);
        }

        return condition;
    }

    private ExpressionNode ParsePrimary() => _cursor.Nested(ParsePrimaryAt);

    private ExpressionNode ParsePrimaryAt()
    {
        var token = _cursor.Current;
        if (token.Kind == TokenKind.Operator)
        {
            (UnaryOperator Op, int Precedence)? unary = token.Text switch
            {
                "not" or "!" => (UnaryOperator.Not, 50),
                "-" => (UnaryOperator.Negate, 90),
                "+" => (UnaryOperator.Plus, 90),
                _ => null,
            };
            if (unary is { } u)
            {
                _cursor.Next();
                return ParsePostfix(new UnaryNode(u.Op, ParseExpression(u.Precedence), token.Position));
            }
        }

        if (token.Kind == TokenKind.LeftParen)
        {
            _cursor.Next();
            var inner = ParseExpression(0);
            _cursor.Expect(TokenKind.RightParen, "expected ')'");
            return ParsePostfix(inner);
        }

        return ParsePostfix(ParseSecondary());
    }

    private ExpressionNode ParseSecondary()
    {
        var token = _cursor.Current;
        switch (token.Kind)
        {
            case TokenKind.Number or TokenKind.String or TokenKind.Bool or TokenKind.Nil:
                _cursor.Next();
                return new LiteralNode(token.Value, token.Position);

            case TokenKind.Identifier:
                _cursor.Next();
                return _cursor.Current.Kind == TokenKind.LeftParen
                    ? new CallNode(token.Text, ParseArguments(), token.Position)
                    : new VariableNode(token.Text, token.Position);

            case TokenKind.LeftBracket:
            {
                _cursor.Next();
                var items = new List<ExpressionNode>();
                while (_cursor.Current.Kind != TokenKind.RightBracket)
                {
                    items.Add(ParseExpression(0));
                    if (_cursor.Current.Kind != TokenKind.Comma)
                    {
                        break;
                    }

                    _cursor.Next();
                }

                _cursor.Expect(TokenKind.RightBracket, "expected ']' closing the array");
                return new ListNode(items, token.Position);
            }

            case TokenKind.LeftBrace:
                throw new ExpressionSyntaxException("map literals ({...}) are not supported", token.Position);

            case TokenKind.End:
                throw new ExpressionSyntaxException("unexpected end of expression", token.Position);

            default:
                throw _cursor.Unexpected("expected a value");
        }
    }

    private ExpressionNode ParsePostfix(ExpressionNode node)
    {
        while (true)
        {
            if (_cursor.Current.IsOperator("."))
            {
                var dot = _cursor.Next();
                var name = _cursor.Current;
                if (name.Kind is not (TokenKind.Identifier or TokenKind.Operator or TokenKind.Bool or TokenKind.Nil) || (!char.IsLetter(name.Text.FirstOrDefault()) && name.Text.FirstOrDefault() is not ('_' or '$')))
                {
                    throw _cursor.Unexpected("expected a field name after '.'");
                }

                _cursor.Next();
                node = new MemberNode(node, name.Text, dot.Position);
                if (_cursor.Current.Kind == TokenKind.LeftParen)
                {
                    var callee = DottedName(node) ?? throw new ExpressionSyntaxException("only named functions can be called", dot.Position);
                    node = new CallNode(callee, ParseArguments(), node.Position);
                }
            }
            else if (_cursor.Current.Kind == TokenKind.LeftBracket)
            {
                var open = _cursor.Next();
                if (_cursor.Current.IsOperator(":"))
                {
                    throw new ExpressionSyntaxException("slices (a[i:j]) are not supported", _cursor.Current.Position);
                }

                var index = ParseExpression(0);
                if (_cursor.Current.IsOperator(":"))
                {
                    throw new ExpressionSyntaxException("slices (a[i:j]) are not supported", _cursor.Current.Position);
                }

                _cursor.Expect(TokenKind.RightBracket, "expected ']'");
                node = new IndexNode(node, index, open.Position);
            }
            else
            {
                return node;
            }
        }
    }

    private List<ExpressionNode> ParseArguments()
    {
        _cursor.Expect(TokenKind.LeftParen, "expected '('");
        var arguments = new List<ExpressionNode>();
        while (_cursor.Current.Kind != TokenKind.RightParen)
        {
            arguments.Add(ParseExpression(0));
            if (_cursor.Current.Kind != TokenKind.Comma)
            {
                break;
            }

            _cursor.Next();
        }

        _cursor.Expect(TokenKind.RightParen, "expected ')' closing the arguments");
        return arguments;
    }

    private static string? DottedName(ExpressionNode node) => node switch
    {
        VariableNode v => v.Name,
        MemberNode m when DottedName(m.Target) is { } target => $"{target}.{m.Name}",
        _ => null,
    };
}
