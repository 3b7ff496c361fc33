namespace Microservices.Events.Tests.Specs.TriggerKinds;

/// <summary>An openWhisk trigger is checked at load, each problem at its field's path.</summary>
public sealed class OpenWhiskSpecTests
{
    public static TheoryData<string, string> Problems() => new()
    {
        { "actionName: hello", "spec.triggers[0].template.openWhisk.host: required" },
        { "host: \"ftp://whisk\"\nactionName: hello", "spec.triggers[0].template.openWhisk.host: \"ftp://whisk\" is neither host:port nor an http(s) URL" },
        { "host: whisk:443", "spec.triggers[0].template.openWhisk.actionName: required" },
        { "host: whisk:443\nactionName: a/b/c", "spec.triggers[0].template.openWhisk.actionName: \"a/b/c\" is not an action name (or package/action) of letters, digits, @ . - _ and spaces" },
        { "host: whisk:443\nactionName: a\nversion: \"1\"", "spec.triggers[0].template.openWhisk.version: \"1\" is not an API version such as v1" },
        { "host: whisk:443\nactionName: a\nauthToken: {key: k}", "spec.triggers[0].template.openWhisk.authToken.name: required" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Each_problem_is_an_error_at_its_field(string whisk, string expected)
    {
        var file = KindSpecs.Load("name: t\nopenWhisk:\n  " + whisk.Replace("\n", "\n  "));

        Assert.Equal([expected], KindSpecs.Errors(file));
    }
}
