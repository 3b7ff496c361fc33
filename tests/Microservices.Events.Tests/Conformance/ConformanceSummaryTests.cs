namespace Microservices.Events.Tests.Conformance;

/// <summary>Every ported Argo case in one list: names are unique, and the README states the counts and names every deliberate difference.</summary>
public sealed class ConformanceSummaryTests
{
    public static IReadOnlyList<ArgoCase> All =>
    [
        .. FilterDataTests.Inventory, .. FilterExprTests.Inventory, .. FilterCtxTests.Inventory, .. FilterScriptTests.Inventory,
        .. FilterTimeTests.Inventory, .. FilterEventTests.Inventory, .. FilterTests.Inventory, .. TransformTests.Inventory,
        .. ParamsTests.Inventory, .. HttpTests.Inventory, .. LogTests.Inventory, .. KindParametersTests.Inventory,
        .. ListenerTests.Inventory, .. ValidateTests.Inventory, .. ValidateEmptyDestTests.Inventory,
    ];

    [Fact]
    public void Every_case_names_one_Go_test_case()
    {
        var duplicates = All.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
        Assert.All(All, c => Assert.StartsWith("Test", c.Name));
    }

    [Fact]
    public void The_readme_states_how_many_cases_are_ported_and_agree_and_lists_each_difference()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var differing = All.Where(c => c.Differs is not null).ToList();

        Assert.All(differing, c => Assert.Contains($"`{c.Name}`", readme));
        if (!Directory.Exists(RepoPaths.ArgoExamples))
        {
            // Without Argo's examples the TestValidateSensor cases are missing, so the counts differ (CI requires them).
            return;
        }

        Assert.Contains($"**{All.Count} Argo unit-test cases** are ported; **{All.Count - differing.Count} agree**, {differing.Count} differ deliberately", readme);
    }
}
