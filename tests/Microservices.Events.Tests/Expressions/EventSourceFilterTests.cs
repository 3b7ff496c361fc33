using System.Text.Json;
using Microservices.Events.Semantics.Expressions;

namespace Microservices.Events.Tests.Expressions;

/// <summary>Event-source <c>filter.expression</c> (argo-reference §1.2; argo-cases K16–K19).</summary>
public sealed class EventSourceFilterTests
{
    private const string Person = """
        {"id":1,"first_name":"John","last_name":"Doe","email":"johndoe@intuit.com","gender":"Male","dept":"devp","uuid":"test-case-hyphen"}
        """;

    public static TheoryData<string, string, string, bool, bool> Cases() => new()
    {
        // row, expression, payload, passes, error
        { "K16", "(id == 1) && (last_name == 'Doe')", Person, true, false },
        { "K17", "(id == 2) || (gender == 'Female')", Person, false, false },
        { "K18", "invalidexpression", Person, false, true },
        { "K19", "(uuid == 'test-case-hyphen')", Person, true, false },
        { "no filter", "", Person, true, false },
        { "webhook body", "(body.id == 4) && (body.name != 'Joe')", """{"header":{},"body":{"id":4,"name":"Ann"}}""", true, false },
        { "hyphen in a top-level key reads as _", "event_type == 'push'", """{"event-type":"push"}""", true, false },
        { "hyphen deeper stays", "body['x-y'] == 1", """{"body":{"x-y":1}}""", true, false },
        { "dotted top-level key expands", "a.b == 1 && a.c == 2", """{"a.b":1,"a.c":2}""", true, false },
        { "non-bool result", "id + 1", Person, false, true },
        { "does not parse", "id ==", Person, false, true },
        { "evaluation error", "id < 'a'", Person, false, true },
        { "payload not an object", "true", "[1,2]", false, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_a_true_result_lets_the_event_through(string row, string expression, string payload, bool passes, bool error)
    {
        var result = EventSourceFilter.Passes(expression, JsonDocument.Parse(payload).RootElement, out var message);

        Assert.True(passes == result, row);
        Assert.True(error == (message is not null), $"{row}: {message}");
    }

    [Fact]
    public void The_error_names_the_expression_and_the_reason()
    {
        EventSourceFilter.Passes("invalidexpression", JsonDocument.Parse(Person).RootElement, out var message);

        Assert.Equal("expression 'invalidexpression' evaluated to null, not a bool", message);
    }
}
