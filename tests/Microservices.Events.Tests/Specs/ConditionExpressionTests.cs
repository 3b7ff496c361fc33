using Microservices.Events.Specs.Conditions;

namespace Microservices.Events.Tests.Specs;

public sealed class ConditionExpressionTests
{
    [Theory]
    [InlineData("A", "A", true)]
    [InlineData("A", "", false)]
    [InlineData("A && B", "A", false)]
    [InlineData("A && B", "A,B", true)]
    [InlineData("A || B", "B", true)]
    [InlineData("A || B", "", false)]
    [InlineData("(A && B) || C", "C", true)]
    [InlineData("(A && B) || C", "A", false)]
    [InlineData("(A && B) || C", "A,B", true)]
    [InlineData("A && B || C", "C", true)]
    [InlineData("A || B && C", "A", true)]
    [InlineData("A || B && C", "B", false)]
    [InlineData("(A || B) && C", "B,C", true)]
    [InlineData("(dep01 || dep02) && dep04", "dep02,dep04", true)]
    [InlineData("dep-1 || dep_1a || dep-3", "dep-3", true)]
    [InlineData("((A))", "A", true)]
    public void Conditions_evaluate_with_AND_binding_tighter_than_OR(string expression, string satisfied, bool expected)
    {
        var have = satisfied.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

        Assert.Equal(expected, ConditionExpression.Parse(expression).Evaluate(have.Contains));
    }

    [Theory]
    [InlineData("")]
    [InlineData("A &&")]
    [InlineData("&& A")]
    [InlineData("(A || B")]
    [InlineData("A B")]
    [InlineData("A & B")]
    [InlineData("!A")]
    public void Malformed_conditions_fail_to_parse_with_a_position(string expression)
    {
        Assert.False(ConditionExpression.TryParse(expression, out _, out var error));
        Assert.Contains("position", error);
    }

    [Fact]
    public void Empty_conditions_mean_the_AND_of_all_dependencies()
    {
        Assert.Equal("dep1", ConditionExpression.Effective(null, ["dep1"]));
        Assert.Equal("dep1 && dep2", ConditionExpression.Effective("", ["dep1", "dep2"]));
        Assert.Equal("a || b", ConditionExpression.Effective(" a || b ", ["a", "b"]));
    }

    [Theory]
    [InlineData("A", false)]
    [InlineData("A || B", false)]
    [InlineData("A && B", true)]
    [InlineData("(A && B) || C", true)]
    public void Only_expressions_with_an_AND_keep_state(string expression, bool needsState) =>
        Assert.Equal(needsState, ConditionExpression.NeedsState(expression));

    [Fact]
    public void Dependencies_lists_every_name_once()
    {
        Assert.Equal(["A", "B", "C"], ConditionExpression.Parse("(A && B) || (C && A)").Dependencies().Order());
    }
}
