namespace Microservices.Events.Tests.Conformance;

/// <summary>
/// One case of Argo Events' own unit tests, as ported here: <see cref="Name"/> is the Go test and sub-test name as
/// <c>go test -run</c> prints it (<c>TestFilterData/string_filter,_JSON_data</c>), so a difference can be traced to
/// its source. <see cref="Differs"/> says why our expectation deliberately differs from Argo's (listed in the
/// README); null when we expect what Argo expects.
/// </summary>
public sealed record ArgoCase(string Name, string? Differs = null)
{
    /// <summary>Go's sub-test name: spaces become underscores; a test without sub-tests is its name alone.</summary>
    public static string GoName(string test, string subTest) => subTest.Length == 0 ? test : $"{test}/{subTest.Replace(' ', '_')}";
}

/// <summary>A ported case with its inputs and our expectation, looked up by name from a theory.</summary>
public interface IArgoCase
{
    ArgoCase Case { get; }
}

/// <summary>Case tables keyed by name, and the names as theory data (one row per case, so each is listed and counted).</summary>
public static class ArgoCases
{
    public static TheoryData<string> Names<T>(IEnumerable<T> cases) where T : IArgoCase
    {
        var data = new TheoryData<string>();
        foreach (var c in cases)
        {
            data.Add(c.Case.Name);
        }

        return data;
    }

    public static T Find<T>(IEnumerable<T> cases, string name) where T : IArgoCase =>
        cases.Single(c => c.Case.Name == name);
}
