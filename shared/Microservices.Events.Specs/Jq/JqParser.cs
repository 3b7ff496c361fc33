namespace Microservices.Events.Specs.Jq;

/// <summary>
/// Parses the jq subset: <c>.</c>, <c>.a.b</c>, <c>.a[0]</c>, <c>.["key"]</c>, <c>.[]</c>, postfix <c>?</c>, <c>|</c>,
/// <c>,</c>, <c>//</c>, <c>= |= += -= *= /= %= //=</c>, <c>or and</c>, comparisons, <c>+ - * / %</c>, unary minus,
/// literals, strings with <c>\(…)</c>, <c>[…]</c>, <c>{…}</c>, <c>if … then … elif … else … end</c> and the calls in
/// <see cref="JqFunctions.Supported"/>, with jq's precedence (lowest first: <c>|</c>, <c>,</c>, <c>//</c>, assignments,
/// <c>or</c>, <c>and</c>, comparisons, <c>+ -</c>, <c>* / %</c>). Anything else is a syntax error naming what is not supported.
/// </summary>
public static class JqParser
{
    public const int MaxDepth = 200;

    /// <summary>Brackets, parentheses, strings and unary minus nested inside each other.</summary>
    public const int MaxNesting = 64;

    private static readonly HashSet<string> AssignOperators = ["=", "|=", "+=", "-=", "*=", "/=", "%=", "//="];
    private static readonly HashSet<string> CompareOperators = ["==", "!=", "<", "<=", ">", ">="];

    public static bool TryParse(string program, out JqNode? node, out string? error)
    {
        try
        {
            node = Parse(program);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            node = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Parses or throws <see cref="FormatException"/> naming the problem and its position.</summary>
    public static JqNode Parse(string program)
    {
        var parser = new Parser(JqLexer.Tokenize(program));
        var node = parser.ParsePipe(allowComma: true);
        parser.Expect(JqTokenKind.End);
        return node;
    }

    internal static FormatException Error(string message, int position) => new($"jq: {message} at position {position + 1}");

    private sealed class Parser(List<JqToken> tokens)
    {
        private int _next;
        private int _nesting;

        private JqToken Peek => tokens[_next];

        public JqNode ParsePipe(bool allowComma)
        {
            Enter();
            var parts = new List<JqNode> { allowComma ? ParseComma() : ParseAlternative() };
            while (TryConsume("|"))
            {
                parts.Add(allowComma ? ParseComma() : ParseAlternative());
            }

            _nesting--;
            return RightToLeft(parts, (left, right) => new JqPipe(left, right));
        }

        public void Expect(JqTokenKind kind)
        {
            if (Peek.Kind != kind)
            {
                throw Unexpected();
            }
        }

        private JqNode ParseComma()
        {
            var left = ParseAlternative();
            while (TryConsume(","))
            {
                left = Checked(new JqComma(left, ParseAlternative()));
            }

            return left;
        }

        private JqNode ParseAlternative()
        {
            var parts = new List<JqNode> { ParseAssignment() };
            while (TryConsume("//"))
            {
                parts.Add(ParseAssignment());
            }

            return RightToLeft(parts, (left, right) => new JqAlternative(left, right));
        }

        private JqNode RightToLeft(List<JqNode> parts, Func<JqNode, JqNode, JqNode> combine)
        {
            var node = parts[^1];
            for (var i = parts.Count - 2; i >= 0; i--)
            {
                node = Checked(combine(parts[i], node));
            }

            return node;
        }

        private void Enter()
        {
            if (++_nesting > MaxNesting)
            {
                throw Error($"the program nests more than {MaxNesting} levels deep", Peek.Position);
            }
        }

        private JqNode ParseAssignment()
        {
            var left = ParseOr();
            if (Peek.Kind != JqTokenKind.Symbol || !AssignOperators.Contains(Peek.Text))
            {
                return left;
            }

            var op = Next().Text;
            var node = Checked(new JqAssign(op, left, ParseOr()));
            return Peek.Kind == JqTokenKind.Symbol && AssignOperators.Contains(Peek.Text)
                ? throw Error($"\"{Peek.Text}\" cannot follow another assignment without parentheses", Peek.Position)
                : node;
        }

        private JqNode ParseOr()
        {
            var left = ParseAnd();
            while (Peek.IsKeyword("or"))
            {
                Next();
                left = Checked(new JqLogical(true, left, ParseAnd()));
            }

            return left;
        }

        private JqNode ParseAnd()
        {
            var left = ParseComparison();
            while (Peek.IsKeyword("and"))
            {
                Next();
                left = Checked(new JqLogical(false, left, ParseComparison()));
            }

            return left;
        }

        private JqNode ParseComparison()
        {
            var left = ParseAdditive();
            if (Peek.Kind != JqTokenKind.Symbol || !CompareOperators.Contains(Peek.Text))
            {
                return left;
            }

            var op = Next().Text;
            var node = Checked(new JqBinary(op, left, ParseAdditive()));
            return Peek.Kind == JqTokenKind.Symbol && CompareOperators.Contains(Peek.Text)
                ? throw Error($"\"{Peek.Text}\" cannot follow another comparison without parentheses", Peek.Position)
                : node;
        }

        private JqNode ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (Peek.Is("+") || Peek.Is("-"))
            {
                var op = Next().Text;
                left = Checked(new JqBinary(op, left, ParseMultiplicative()));
            }

            return left;
        }

        private JqNode ParseMultiplicative()
        {
            var left = ParseUnary();
            while (Peek.Is("*") || Peek.Is("/") || Peek.Is("%"))
            {
                var op = Next().Text;
                left = Checked(new JqBinary(op, left, ParseUnary()));
            }

            return left;
        }

        private JqNode ParseUnary()
        {
            if (!TryConsume("-"))
            {
                return ParsePostfix();
            }

            Enter();
            var operand = ParseUnary();
            _nesting--;
            return Checked(new JqNegate(operand));
        }

        private JqNode ParsePostfix()
        {
            var term = ParseTerm();
            while (true)
            {
                if (Peek.Kind == JqTokenKind.Field)
                {
                    term = Checked(new JqIndex(term, new JqLiteral(Next().Text)));
                }
                else if (Peek.Kind == JqTokenKind.Dot && IsStringStart(tokens[_next + 1]))
                {
                    Next();
                    term = Checked(new JqIndex(term, ParseString()));
                }
                else if (Peek.Kind == JqTokenKind.Dot && tokens[_next + 1].Is("["))
                {
                    Next();
                }
                else if (TryConsume("["))
                {
                    term = Checked(ParseBracketSuffix(term));
                }
                else if (TryConsume("?"))
                {
                    term = Checked(new JqTry(term));
                }
                else
                {
                    return term;
                }
            }
        }

        private JqNode ParseBracketSuffix(JqNode term)
        {
            if (TryConsume("]"))
            {
                return new JqIterate(term);
            }

            if (Peek.Is(":"))
            {
                throw Error("slices ([from:to]) are not supported", Peek.Position);
            }

            var key = ParsePipe(allowComma: true);
            if (Peek.Is(":"))
            {
                throw Error("slices ([from:to]) are not supported", Peek.Position);
            }

            ExpectSymbol("]");
            return new JqIndex(term, key);
        }

        private JqNode ParseTerm()
        {
            var token = Peek;
            switch (token.Kind)
            {
                case JqTokenKind.Dot:
                    Next();
                    return IsStringStart(Peek) ? Checked(new JqIndex(JqIdentity.Instance, ParseString())) : JqIdentity.Instance;
                case JqTokenKind.Field:
                    Next();
                    return new JqIndex(JqIdentity.Instance, new JqLiteral(token.Text));
                case JqTokenKind.Number:
                    Next();
                    return new JqLiteral(token.Number);
                case JqTokenKind.String or JqTokenKind.InterpolationStart:
                    return ParseString();
                case JqTokenKind.Identifier:
                    return ParseWord();
                case JqTokenKind.Symbol when token.Text == "..":
                    throw Error("recursive descent (..) is not supported", token.Position);
                case JqTokenKind.Symbol when token.Text == "(":
                {
                    Next();
                    var inner = ParsePipe(allowComma: true);
                    ExpectSymbol(")");
                    return inner;
                }

                case JqTokenKind.Symbol when token.Text == "[":
                {
                    Next();
                    if (TryConsume("]"))
                    {
                        return new JqArrayConstruction(null);
                    }

                    var body = ParsePipe(allowComma: true);
                    ExpectSymbol("]");
                    return Checked(new JqArrayConstruction(body));
                }

                case JqTokenKind.Symbol when token.Text == "{":
                    Next();
                    return ParseObject();
                default:
                    throw Unexpected();
            }
        }

        private JqNode ParseWord()
        {
            var token = Next();
            switch (token.Text)
            {
                case "null":
                    return new JqLiteral(null);
                case "true":
                    return new JqLiteral(true);
                case "false":
                    return new JqLiteral(false);
                case "if":
                    return ParseIfRest();
                case var word when JqFunctions.UnsupportedKeywords.Contains(word):
                    throw Error($"\"{word}\" is not supported", token.Position);
                case "then" or "elif" or "else" or "end" or "and" or "or":
                    throw Error($"unexpected \"{token.Text}\"", token.Position);
            }

            var arguments = new List<JqNode>();
            if (TryConsume("("))
            {
                do
                {
                    arguments.Add(ParsePipe(allowComma: true));
                }
                while (TryConsume(";"));

                ExpectSymbol(")");
            }

            var signature = $"{token.Text}/{arguments.Count}";
            return JqFunctions.Supported.Contains(signature)
                ? Checked(new JqCall(token.Text, arguments))
                : throw Error($"function {signature} is not supported", token.Position);
        }

        private JqNode ParseIfRest()
        {
            var condition = ParsePipe(allowComma: true);
            ExpectKeyword("then");
            var then = ParsePipe(allowComma: true);
            JqNode? otherwise = null;
            if (Peek.IsKeyword("elif"))
            {
                Next();
                otherwise = ParseIfRest();
                return Checked(new JqIf(condition, then, otherwise));
            }

            if (Peek.IsKeyword("else"))
            {
                Next();
                otherwise = ParsePipe(allowComma: true);
            }

            ExpectKeyword("end");
            return Checked(new JqIf(condition, then, otherwise));
        }

        private JqNode ParseObject()
        {
            var entries = new List<JqObjectEntry>();
            if (TryConsume("}"))
            {
                return new JqObjectConstruction(entries);
            }

            do
            {
                JqNode key;
                var shorthandAllowed = true;
                if (Peek.Kind == JqTokenKind.Identifier)
                {
                    key = new JqLiteral(Next().Text);
                }
                else if (IsStringStart(Peek))
                {
                    key = ParseString();
                }
                else if (TryConsume("("))
                {
                    key = ParsePipe(allowComma: true);
                    ExpectSymbol(")");
                    shorthandAllowed = false;
                }
                else
                {
                    throw Unexpected();
                }

                JqNode value;
                if (TryConsume(":"))
                {
                    value = ParsePipe(allowComma: false);
                }
                else if (shorthandAllowed)
                {
                    value = new JqIndex(JqIdentity.Instance, key);
                }
                else
                {
                    throw Unexpected();
                }

                entries.Add(new JqObjectEntry(key, value));
            }
            while (TryConsume(","));

            ExpectSymbol("}");
            return Checked(new JqObjectConstruction(entries));
        }

        private JqNode ParseString()
        {
            var first = Next();
            if (first.Kind == JqTokenKind.String)
            {
                return new JqLiteral(first.Text);
            }

            if (first.Kind != JqTokenKind.InterpolationStart)
            {
                throw Error($"expected a string but found {first}", first.Position);
            }

            var parts = new List<JqNode> { new JqLiteral(first.Text) };
            while (true)
            {
                parts.Add(ParsePipe(allowComma: true));
                var piece = Next();
                if (piece.Kind is not (JqTokenKind.InterpolationMiddle or JqTokenKind.InterpolationEnd))
                {
                    throw Error($"unexpected {piece} in string interpolation", piece.Position);
                }

                parts.Add(new JqLiteral(piece.Text));
                if (piece.Kind == JqTokenKind.InterpolationEnd)
                {
                    return Checked(new JqInterpolation(parts));
                }
            }
        }

        private static bool IsStringStart(JqToken token) => token.Kind is JqTokenKind.String or JqTokenKind.InterpolationStart;

        private JqNode Checked(JqNode node) =>
            node.Depth > MaxDepth ? throw Error($"the program is nested more than {MaxDepth} levels deep", Peek.Position) : node;

        private JqToken Next() => tokens[_next < tokens.Count - 1 ? _next++ : _next];

        private bool TryConsume(string symbol)
        {
            if (!Peek.Is(symbol))
            {
                return false;
            }

            _next++;
            return true;
        }

        private void ExpectSymbol(string symbol)
        {
            if (!TryConsume(symbol))
            {
                throw Error($"expected \"{symbol}\" but found {Peek}", Peek.Position);
            }
        }

        private void ExpectKeyword(string word)
        {
            if (!Peek.IsKeyword(word))
            {
                throw Error($"expected \"{word}\" but found {Peek}", Peek.Position);
            }

            Next();
        }

        private FormatException Unexpected() => Error($"unexpected {Peek}", Peek.Position);
    }
}
