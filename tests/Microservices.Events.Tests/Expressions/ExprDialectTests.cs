using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Tests.Expressions;

/// <summary>The expr dialect of event-source <c>filter.expression</c>: member access, word operators, integers and helpers.</summary>
public sealed class ExprDialectTests
{
    private const string Payload = """
        {"header":{"X-Event":["push"]},
         "body":{"id":4,"name":"John","n":4,"kind":"b","tags":["x","y","z"],"nested":{"k":"<&>"}}}
        """;

    public static TheoryData<string, string> Grouping() => new()
    {
        { "a or b and c", "(a || (b && c))" },
        { "not a == b", "((!a) == b)" },
        { "-2 ** 2", "(-(2 ** 2))" },
        { "2 ** 3 ** 2", "(2 ** (3 ** 2))" },
        { "a.b.c == 1", "(a.b.c == 1)" },
        { "a not in b", "(a not in b)" },
        { "a not matches b", "(!(a matches b))" },
        { "a ? b : c ? d : e", "(a ? b : (c ? d : e))" },
        { "a == b ?? c", "(a == (b ?? c))" },
        { "header[\"X-Event\"][0]", "header['X-Event'][0]" },
        { "sprig.upper(x)", "sprig.upper(x)" },
    };

    [Theory]
    [MemberData(nameof(Grouping))]
    public void Operators_group_by_expr_precedence(string expression, string grouped) =>
        Assert.Equal(grouped, ExpressionParser.Parse(expression, ExpressionDialect.Expr).ToString());

    public static TheoryData<string, string> Values() => new()
    {
        // expression over Payload, result as JSON
        { "body.id == 4", "true" },
        { "(body.id == 4) && (body.name != 'Joe')", "true" },
        { "body.id == 4 and body.name != \"Joe\"", "true" },
        { "body.id == 5 or body.name == 'John'", "true" },
        { "not (body.id == 4)", "false" },
        { "!(body.id == 4)", "false" },
        { "body.missing == nil", "true" },
        { "missing == nil", "true" },
        { "header[\"X-Event\"][0] == \"push\"", "true" },
        { "body.tags[-1]", "\"z\"" },
        { "body.kind in ['a', 'b']", "true" },
        { "body.kind not in ['a', 'b']", "false" },
        { "'id' in body", "true" },
        { "4 in [body.id]", "true" },
        { "7 / 2", "3.5" },
        { "7 % 2", "1" },
        { "asInt(body.n) % 2 == 0", "true" },
        { "2 ** 3 ** 2", "512" },
        { "-2 ** 2", "-4" },
        { "1 + 2 * 3", "7" },
        { "not true == false", "true" },
        { "(body.x ?? 'd') == 'd'", "true" },
        { "body.id > 3 ? 'big' : 'small'", "\"big\"" },
        { "body.name matches '^J'", "true" },
        { "body.name contains 'oh'", "true" },
        { "body.name startsWith 'Jo' && body.name endsWith 'hn'", "true" },
        { "'a' + \"b\"", "\"ab\"" },
        { "'a' < 'b'", "true" },
        { "toJson(body.tags)", "\"[\\\"x\\\",\\\"y\\\",\\\"z\\\"]\"" },
        { "toJson(body.nested) == '{\"k\":\"\\\\u003c\\\\u0026\\\\u003e\"}'", "true" },
        { "asFloat('1.5') + 1", "2.5" },
        { "asInt('42') == 42", "true" },
        { "asInt(4.9)", "4" },
        { "len(body.tags) == 3 && len('é') == 2", "true" },
        { "lower('AB') + upper('c') + trim('  d ')", "\"abCd\"" },
        { "string(1.5) + string(body.id)", "\"1.54\"" },
        { "1_000 + 0x10 + 0b1 + 0o7", "1024" },
        { "`raw\\n` == 'raw\\\\n'", "true" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Expressions_evaluate_as_expr_does(string expression, string result) =>
        Assert.Equal(result, ExpressionRunner.Run(ExpressionDialect.Expr, expression, Payload));

    public static TheoryData<string, string> Errors() => new()
    {
        { "body.id ==", "syntax: unexpected end of expression" },
        { "body.x ?? 'd' == 'd'", "syntax: operator '==' and coalesce expressions (??) cannot be mixed" },
        { "{a: 1}", "syntax: map literals" },
        { "body.tags[0:1]", "syntax: slices" },
        { "1..3", "syntax: ranges" },
        { "body?.id", "syntax: optional chaining" },
        { "all(body.tags, {# != ''})", "syntax: closures" },
        { "'unclosed", "syntax: unclosed string literal" },
        { "body.n % 2", "eval: '%' needs two integers" },
        { "'a' + 1", "eval: '+' needs two numbers or two strings" },
        { "1 < 'a'", "eval: '<' needs two numbers or two strings" },
        { "body.missing.deeper", "eval: cannot fetch 'deeper' from null" },
        { "body.tags[5]", "eval: index out of range" },
        { "asInt('x')", "eval: invalid operation: asInt(string \"x\")" },
        { "1 && true", "eval: '&&' needs a bool" },
        { "sprig.upper('a')", "eval: function 'sprig.upper' is not available" },
        { "jsonpath(toJson(body), '$.id')", "eval: function 'jsonpath' is not available" },
        { "asInt(1, 2)", "eval: asInt() takes 1 argument, got 2" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Syntax_and_evaluation_errors_are_told_apart(string expression, string error) =>
        Assert.StartsWith(error, ExpressionRunner.Run(ExpressionDialect.Expr, expression, Payload), StringComparison.Ordinal);
}
