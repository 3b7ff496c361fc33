namespace Microservices.Events.Tests.Specs.TriggerKinds;

/// <summary>A custom trigger is checked at load, each problem at its field's path.</summary>
public sealed class CustomSpecTests
{
    public static TheoryData<string, string> Problems() => new()
    {
        { "spec: {a: b}", "spec.triggers[0].template.custom.serverURL: required" },
        { "serverURL: tekton-trigger", "spec.triggers[0].template.custom.serverURL: \"tekton-trigger\" is not a server address host:port" },
        { "serverURL: t:9000\nsecure: true", "spec.triggers[0].template.custom.certSecret: required with secure: true (the certificate that verifies the server)" },
        { "serverURL: t:9000\nserverNameOverride: \"bad name\"", "spec.triggers[0].template.custom.serverNameOverride: \"bad name\" is not a host name" },
        { "serverURL: t:9000\nspec: {a: {b: c}}", "spec.triggers[0].template.custom.spec.a: " },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Each_problem_is_an_error_at_its_field(string custom, string expected)
    {
        var file = KindSpecs.Load("name: t\ncustom:\n  " + custom.Replace("\n", "\n  "));

        Assert.StartsWith(expected, Assert.Single(KindSpecs.Errors(file)));
    }
}
