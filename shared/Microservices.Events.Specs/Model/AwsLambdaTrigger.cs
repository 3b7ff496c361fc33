namespace Microservices.Events.Specs.Model;

/// <summary>Invokes an AWS Lambda function with the payload built from <c>payload</c> parameters.</summary>
public sealed record AwsLambdaTrigger
{
    /// <summary>A function name, a partial ARN (<c>123456789012:function:name</c>) or a full ARN, with an optional <c>:qualifier</c>.</summary>
    public string? FunctionName { get; init; }

    /// <summary>Access key id; with <see cref="SecretKey"/>, else the default credential chain.</summary>
    public SecretKeySelector? AccessKey { get; init; }

    public SecretKeySelector? SecretKey { get; init; }
    public string? Region { get; init; }
    public IReadOnlyList<TriggerParameter>? Payload { get; init; }
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }

    /// <summary><c>RequestResponse</c> (default, synchronous), <c>Event</c> (asynchronous) or <c>DryRun</c>.</summary>
    public string? InvocationType { get; init; }

    /// <summary>A role to assume before invoking.</summary>
    public string? RoleARN { get; init; }

    public static readonly IReadOnlyList<string> InvocationTypes = ["RequestResponse", "Event", "DryRun"];
}
