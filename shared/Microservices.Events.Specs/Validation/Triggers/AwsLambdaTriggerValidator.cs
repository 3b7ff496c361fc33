using System.Text.RegularExpressions;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>What an <c>awsLambda</c> trigger needs to invoke: a function name Lambda accepts, a region, payload parameters, both keys or neither.</summary>
public static partial class AwsLambdaTriggerValidator
{
    public static void Validate(TriggerKindCheck check)
    {
        if (check.Bind<AwsLambdaTrigger>() is not { } lambda)
        {
            return;
        }

        check.Report(Problems(lambda));

        check.Parameters("payload", lambda.Payload, destRequired: true);
        check.Parameters("parameters", lambda.Parameters, destRequired: true);
    }

    public static IReadOnlyList<FieldProblem> Problems(AwsLambdaTrigger lambda)
    {
        var problems = new List<FieldProblem>();
        if (string.IsNullOrEmpty(lambda.FunctionName))
        {
            problems.Add(new("functionName", "required"));
        }
        else if (!FunctionNamePattern().IsMatch(lambda.FunctionName) || lambda.FunctionName.Length > 170)
        {
            problems.Add(new("functionName", $"\"{lambda.FunctionName}\" is not a function name, partial ARN or ARN (letters, digits, - and _, optionally qualified)"));
        }

        if (string.IsNullOrEmpty(lambda.Region))
        {
            problems.Add(new("region", "required"));
        }
        else if (!RegionPattern().IsMatch(lambda.Region))
        {
            problems.Add(new("region", $"\"{lambda.Region}\" is not an AWS region such as us-east-1"));
        }

        if (lambda.Payload is null)
        {
            problems.Add(new("payload", "required: the function's input is built from payload parameters"));
        }

        if (!string.IsNullOrEmpty(lambda.InvocationType) && !AwsLambdaTrigger.InvocationTypes.Contains(lambda.InvocationType))
        {
            problems.Add(new("invocationType", $"\"{lambda.InvocationType}\" is not one of {string.Join(", ", AwsLambdaTrigger.InvocationTypes)}"));
        }

        if ((lambda.AccessKey is null) != (lambda.SecretKey is null))
        {
            problems.Add(new(lambda.AccessKey is null ? "accessKey" : "secretKey", "required: accessKey and secretKey go together (or neither, for the default credential chain)"));
        }

        problems.AddRange(SecretProblems.Of("accessKey", lambda.AccessKey, required: false));
        problems.AddRange(SecretProblems.Of("secretKey", lambda.SecretKey, required: false));
        if (!string.IsNullOrEmpty(lambda.RoleARN) && !RoleArnPattern().IsMatch(lambda.RoleARN))
        {
            problems.Add(new("roleARN", $"\"{lambda.RoleARN}\" is not a role ARN such as arn:aws:iam::123456789012:role/name"));
        }

        return problems;
    }

    // Lambda's own pattern for FunctionName: a name, a partial ARN or an ARN, with an optional version or alias.
    [GeneratedRegex(@"^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^arn:aws[a-zA-Z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")]
    private static partial Regex RoleArnPattern();
}
