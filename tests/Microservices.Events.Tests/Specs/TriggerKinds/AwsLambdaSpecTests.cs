namespace Microservices.Events.Tests.Specs.TriggerKinds;

/// <summary>An awsLambda trigger is checked at load, each problem at its field's path.</summary>
public sealed class AwsLambdaSpecTests
{
    private const string Payload = "payload: [{src: {dependencyName: dep, value: x}, dest: x}]";

    [Theory]
    [InlineData("hello")]
    [InlineData("hello:prod")]
    [InlineData("123456789012:function:hello")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:hello:$LATEST")]
    public void A_complete_lambda_trigger_loads_without_findings(string functionName)
    {
        var file = KindSpecs.Load($"name: t\nawsLambda:\n  functionName: \"{functionName}\"\n  region: eu-west-1\n  invocationType: Event\n  accessKey: {{name: a, key: id}}\n  secretKey: {{name: a, key: secret}}\n  {Payload}");

        Assert.Empty(file.AllDiagnostics);
    }

    public static TheoryData<string, string> Problems() => new()
    {
        { $"region: us-east-1\n{Payload}", "spec.triggers[0].template.awsLambda.functionName: required" },
        { $"functionName: \"my function\"\nregion: us-east-1\n{Payload}", "spec.triggers[0].template.awsLambda.functionName: \"my function\" is not a function name, partial ARN or ARN (letters, digits, - and _, optionally qualified)" },
        { $"functionName: f\n{Payload}", "spec.triggers[0].template.awsLambda.region: required" },
        { $"functionName: f\nregion: Virginia\n{Payload}", "spec.triggers[0].template.awsLambda.region: \"Virginia\" is not an AWS region such as us-east-1" },
        { "functionName: f\nregion: us-east-1", "spec.triggers[0].template.awsLambda.payload: required: the function's input is built from payload parameters" },
        { $"functionName: f\nregion: us-east-1\n{Payload}\ninvocationType: Async", "spec.triggers[0].template.awsLambda.invocationType: \"Async\" is not one of RequestResponse, Event, DryRun" },
        { $"functionName: f\nregion: us-east-1\n{Payload}\naccessKey: {{name: a, key: id}}", "spec.triggers[0].template.awsLambda.secretKey: required: accessKey and secretKey go together (or neither, for the default credential chain)" },
        { $"functionName: f\nregion: us-east-1\n{Payload}\nroleARN: some-role", "spec.triggers[0].template.awsLambda.roleARN: \"some-role\" is not a role ARN such as arn:aws:iam::123456789012:role/name" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Each_problem_is_an_error_at_its_field(string lambda, string expected)
    {
        var file = KindSpecs.Load("name: t\nawsLambda:\n  " + lambda.Replace("\n", "\n  "));

        Assert.Equal([expected], KindSpecs.Errors(file));
    }

    [Fact]
    public void A_role_arn_loads_without_findings()
    {
        var file = KindSpecs.Load($"name: t\nawsLambda:\n  functionName: f\n  region: us-east-1\n  {Payload}\n  roleARN: arn:aws:iam::123456789012:role/some-role");

        Assert.Empty(file.AllDiagnostics);
    }
}
