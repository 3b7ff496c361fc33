using System.Text.Json;
using Microservices.Events.Semantics.Filters;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Argo's <c>pkg/sensors/dependencies/filter_script_test.go</c>: Lua filters. Its cases have no names; #n is the case's place in the table.</summary>
public sealed class FilterScriptTests
{
    public sealed record Row(ArgoCase Case, string Script, string Data, bool Pass, bool Error) : IArgoCase;

    private static Row C(int n, string script, string data, bool pass, bool error) =>
        new(new ArgoCase($"TestScriptFilter#{n}"), script, data, pass, error);

    public static readonly Row[] Cases =
    [
        C(1, """if event.a == "hello" then return true else return false end""", """{"a":"hello"}""", true, false),
        C(2, """if event.a == "hello" and event.b == "world" then return false else return true end""", """{"a":"hello","b":"world"}""", false, false),
        C(3, """if event.a == "hello" return false else return true end""", """{"a":"hello"}""", false, true),
        C(4, """if a.a == "hello" then return true else return false end""", """{"a":"hello"}""", false, true),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Script_filters_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);

        var result = ScriptFilter.Evaluate(c.Script, JsonDocument.Parse(c.Data).RootElement);

        Assert.True(c.Error == result.HasErrors, $"errors: {string.Join("; ", result.Errors)}");
        Assert.Equal(c.Pass, result.Pass);
    }

    public static IEnumerable<ArgoCase> Inventory => Cases.Select(c => c.Case);
}
