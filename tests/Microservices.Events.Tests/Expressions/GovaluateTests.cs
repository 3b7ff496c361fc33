using Microservices.Events.Specs.Expressions;

namespace Microservices.Events.Tests.Expressions;

/// <summary>The govaluate dialect of dependency <c>exprs</c>: grouping, operators, short-circuits and the two kinds of errors.</summary>
public sealed class GovaluateTests
{
    public static TheoryData<string, string> Grouping() => new()
    {
        // expression, how it groups
        { "1 + 2 * 3", "(1 + (2 * 3))" },
        { "a || b && c", "(a || (b && c))" },
        { "a && b || c", "((a && b) || c)" },
        { "a == 1 && b != 2", "((a == 1) && (b != 2))" },
        { "10 - 4 - 3", "((10 - 4) - 3)" },
        { "2 ** 3 ** 2", "((2 ** 3) ** 2)" },
        { "-2 ** 2", "((-2) ** 2)" },
        { "!a == b", "((!a) == b)" },
        { "3 & 1 == 1", "((3 & 1) == 1)" },
        { "1 << 2 + 1", "(1 << (2 + 1))" },
        { "a ? b : c", "((a ? b) : c)" },
        { "a ?? b || c", "(a ?? (b || c))" },
        { "a IN (1, 2)", "(a in [1, 2])" },
        { "a in (1)", "(a in [1])" },
        { "b =~ 'x+'", "(b =~ /x+/)" },
        { "[my-var] > 1", "(my-var > 1)" },
    };

    [Theory]
    [MemberData(nameof(Grouping))]
    public void Operators_group_by_govaluate_precedence_and_associate_to_the_left(string expression, string grouped) =>
        Assert.Equal(grouped, ExpressionParser.Parse(expression, ExpressionDialect.Govaluate).ToString());

    public static TheoryData<string, string, string> Values() => new()
    {
        // expression, variables, result as JSON
        { "1 + 2 * 3", "{}", "7" },
        { "(1 + 2) * 3", "{}", "9" },
        { "2 ** 3 ** 2", "{}", "64" },
        { "-2 ** 2", "{}", "4" },
        { "10 - 4 - 3", "{}", "3" },
        { "100 / 10 / 5", "{}", "2" },
        { "7 % 4 * 2", "{}", "6" },
        { "1 / 0 > 1000", "{}", "true" },
        { "a * -1", """{"a":2}""", "-2" },
        { "0x1F + .5", "{}", "31.5" },
        { "6 | 1 ^ 3", "{}", "4" },
        { "~0", "{}", "-1" },
        { "1 << 2 + 1", "{}", "8" },
        { "1 + 2 == 3", "{}", "true" },
        { "1 < 2 == true", "{}", "true" },
        { "true || false && false", "{}", "true" },
        { "!true == false", "{}", "true" },
        // strings: + concatenates as Go's %v, ordering is lexical
        { "\"a\" + 'b'", "{}", "\"ab\"" },
        { "'n=' + n", """{"n":1.5}""", "\"n=1.5\"" },
        { "'n=' + 1000000", "{}", "\"n=1e+06\"" },
        { "'x' + true", "{}", "\"xtrue\"" },
        { "\"abc\" < \"abd\"", "{}", "true" },
        { "'Z' < 'a'", "{}", "true" },
        { "'a\\'b' == x", """{"x":"a'b"}""", "true" },
        // equality is deep and typed
        { "1 == '1'", "{}", "false" },
        { "o == p", """{"o":{"k":[1,2]},"p":{"k":[1,2]}}""", "true" },
        { "n == m", """{"n":null,"m":null}""", "true" },
        // names that are not identifiers
        { "[my-var] == 1", """{"my-var":1}""", "true" },
        { "[a.b] == 'x'", """{"a.b":"x"}""", "true" },
        // ternary and null coalescence
        { "true ? 1 : 2", "{}", "1" },
        { "false ? 1 : 2", "{}", "2" },
        { "a > 1 ? 'big' : 'small'", """{"a":5}""", "\"big\"" },
        { "false ? 1", "{}", "null" },
        { "true ? n : 2", """{"n":null}""", "2" },
        { "x ?? 'default'", """{"x":null}""", "\"default\"" },
        { "x ?? y", """{"x":"v"}""", "\"v\"" },
        // IN
        { "2 IN (1, 2, 3)", "{}", "true" },
        { "'b' in ('a', 'c')", "{}", "false" },
        { "x IN (1)", """{"x":1}""", "true" },
        { "x in arr", """{"x":2,"arr":[1,2]}""", "true" },
        { "o in (1, o)", """{"o":{"k":"v"}}""", "true" },
        // regular expressions, unanchored
        { "b =~ \"start\"", """{"b":"start long string"}""", "true" },
        { "b !~ 'start'", """{"b":"long string"}""", "true" },
        { "b =~ '^s.*g$'", """{"b":"start long string"}""", "true" },
        { "b =~ p", """{"b":"long","p":"^l"}""", "true" },
        // short-circuit: a skipped branch may name unbound variables (argo-cases E23)
        { "b == \"b\" || (d == true && e == 2)", """{"b":"b","d":false}""", "true" },
        { "false && missing", "{}", "false" },
        { "true || missing", "{}", "true" },
        { "false ? missing : 1", "{}", "1" },
        // string literals that read as dates are Unix seconds
        { "'2014-01-02' > '2014-01-01'", "{}", "true" },
        { "'2024-01-01T00:00:00Z' == 1704067200", "{}", "true" },
        { "'2024-01-01 00:00:00+01:00' == 1704063600", "{}", "true" },
        { "d == '2024-01-01'", """{"d":"2024-01-01"}""", "false" },
        { "'3:04PM' < 0", "{}", "true" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Expressions_evaluate_as_govaluate_does(string expression, string variables, string result) =>
        Assert.Equal(result, ExpressionRunner.Run(ExpressionDialect.Govaluate, expression, variables));

    public static TheoryData<string, string, string> Errors() => new()
    {
        // expression, variables, "syntax: …" or "eval: …" fragment
        { "k !== \"x\"", "{}", "syntax: invalid token '!=='" },
        { "a==-1", "{}", "syntax: invalid token '==-'" },
        { "e == false\"", "{}", "syntax: unclosed string literal" },
        { "\"it's\" == x", "{}", "syntax:" },
        { "(a == 1", "{}", "syntax: unbalanced parenthesis" },
        { "a == 1)", "{}", "syntax: unbalanced parenthesis" },
        { "a ==", "{}", "syntax: unexpected end of expression" },
        { "", "{}", "syntax: the expression is empty" },
        { "a b", "{}", "syntax: expected an operator or the end of the expression, found 'b'" },
        { "foo(1)", "{}", "syntax: undefined function foo" },
        { "a.b == 1", "{}", "syntax: unable to access unexported field 'b'" },
        { "a. == 1", "{}", "syntax: hanging accessor" },
        { "1.2.3", "{}", "syntax: unable to parse numeric value '1.2.3'" },
        { "[unclosed == 1", "{}", "syntax: unclosed parameter bracket" },
        { "b =~ '('", "{}", "syntax: invalid regular expression '('" },
        { "a @ b", "{}", "syntax: invalid token '@'" },
        { "missing == 1", "{}", "eval: no parameter 'missing' found" },
        { "true && missing", "{}", "eval: no parameter 'missing' found" },
        { "x ?? y", """{"x":null}""", "eval: no parameter 'y' found" },
        { "'a' > 1", "{}", "eval: '>' needs two numbers or two strings, got string \"a\" and number 1" },
        { "n < 1", """{"n":null}""", "eval: '<' needs two numbers or two strings, got null and number 1" },
        { "'a' - 1", "{}", "eval: '-' needs two numbers" },
        { "true + 1", "{}", "eval: '+' needs two numbers, or a string on either side" },
        { "1 && true", "{}", "eval: '&&' needs a bool, got number 1" },
        { "n ? 1 : 2", """{"n":"yes"}""", "eval: '?' needs a bool" },
        { "!1", "{}", "eval: '!' needs a bool" },
        { "-'a'", "{}", "eval: '-' needs a number" },
        { "1 in 2", "{}", "eval: 'in' needs a list on its right" },
        { "n =~ 'x'", """{"n":1}""", "eval: '=~' needs a string on its left" },
        { "b =~ p", """{"b":"x","p":"("}""", "eval: invalid regular expression '('" },
        { "a.B == 1", """{"a":{"B":1}}""", "eval: unable to access 'B' of a" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Syntax_and_evaluation_errors_are_told_apart(string expression, string variables, string error) =>
        Assert.StartsWith(error, ExpressionRunner.Run(ExpressionDialect.Govaluate, expression, variables), StringComparison.Ordinal);
}
