using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Semantics.Expressions;

/// <summary>
/// Evaluates a parsed expression over variables (double, string, bool, null, JSON objects/arrays, lists, maps).
/// <c>&amp;&amp;</c>, <c>||</c>, <c>??</c> and the ternary evaluate their right side only when it decides the
/// result, so an unbound variable on a skipped branch is no error. In govaluate an unbound variable that is
/// evaluated is an error and dotted field access does not apply to JSON; in expr both yield values (null for a
/// missing key).
/// </summary>
public static class ExpressionEvaluator
{
    /// <exception cref="ExpressionEvaluationException">The expression cannot be evaluated with these variables.</exception>
    public static object? Evaluate(ParsedExpression expression, IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(variables);
        return new Evaluation(expression.Dialect, variables).Eval(expression.Root);
    }

    private sealed class Evaluation(ExpressionDialect dialect, IReadOnlyDictionary<string, object?> variables)
    {
        private bool Govaluate => dialect == ExpressionDialect.Govaluate;

        public object? Eval(ExpressionNode node) => node switch
        {
            LiteralNode literal => literal.Value,
            PatternNode pattern => pattern.Pattern,
            VariableNode variable => Variable(variable.Name),
            MemberNode member => Member(member),
            IndexNode index when !Govaluate => ExprOperators.Index(Eval(index.Target), Eval(index.Index)),
            UnaryNode unary => Govaluate ? GovaluateOperators.Unary(unary.Operator, Eval(unary.Operand)) : ExprOperators.Unary(unary.Operator, Eval(unary.Operand)),
            BinaryNode binary => Binary(binary),
            ConditionalNode conditional => Bool(Eval(conditional.Condition), "?") ? Eval(conditional.WhenTrue) : Eval(conditional.WhenFalse),
            ListNode list => list.Items.Select(Eval).ToList(),
            CallNode call when !Govaluate => ExprFunctions.Call(call.Function, call.Arguments.Select(Eval).ToList()),
            _ => throw new ExpressionEvaluationException($"{node.GetType().Name} is not part of {dialect}"),
        };

        private object? Variable(string name)
        {
            if (variables.TryGetValue(name, out var value))
            {
                return ExpressionValues.Normalize(value, dialect);
            }

            return Govaluate ? throw new ExpressionEvaluationException($"no parameter '{name}' found") : null;
        }

        private object? Member(MemberNode member)
        {
            var target = Eval(member.Target);
            return Govaluate
                ? throw new ExpressionEvaluationException($"unable to access '{member.Name}' of {member.Target}: govaluate reads fields of Go structs only, not of JSON values; bind the field with its own path instead")
                : ExprOperators.Member(target, member.Name);
        }

        private object? Binary(BinaryNode node)
        {
            switch (node.Operator)
            {
                case BinaryOperator.And:
                    return Bool(Eval(node.Left), "&&") && Bool(Eval(node.Right), "&&");
                case BinaryOperator.Or:
                    return Bool(Eval(node.Left), "||") || Bool(Eval(node.Right), "||");
                case BinaryOperator.Coalesce or BinaryOperator.TernaryElse:
                    return Eval(node.Left) ?? Eval(node.Right);
                case BinaryOperator.TernaryIf:
                    return Bool(Eval(node.Left), "?") ? Eval(node.Right) : null;
            }

            var left = Eval(node.Left);
            var right = Eval(node.Right);
            return Govaluate ? GovaluateOperators.Binary(node.Operator, left, right) : ExprOperators.Binary(node.Operator, left, right);
        }

        private static bool Bool(object? value, string symbol) =>
            value as bool? ?? throw OperatorErrors.Operand(symbol, "a bool", value);
    }
}
