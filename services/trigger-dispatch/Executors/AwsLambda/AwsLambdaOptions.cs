using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.TriggerDispatch.Executors.AwsLambda;

/// <summary>Configuration section <c>Triggers:AwsLambda</c>: where Lambda's API is and how long an invocation may take.</summary>
public sealed class AwsLambdaOptions
{
    public const string Section = "Triggers:AwsLambda";

    /// <summary>Replaces <c>https://lambda.{region}.amazonaws.com</c> (e.g. a VPC endpoint or a local emulator).</summary>
    [Url]
    public string? ServiceUrl { get; set; }

    /// <summary>Replaces <c>https://sts.{region}.amazonaws.com</c>, where a <c>roleARN</c> is assumed.</summary>
    [Url]
    public string? StsServiceUrl { get; set; }

    [Range(1, 900)]
    public int TimeoutSeconds { get; set; } = 60;

    public Uri StsEndpoint(string region) =>
        new(string.IsNullOrEmpty(StsServiceUrl) ? $"https://sts.{region}.amazonaws.com/" : StsServiceUrl.TrimEnd('/') + "/", UriKind.Absolute);

    public Uri Endpoint(string region) =>
        new(string.IsNullOrEmpty(ServiceUrl) ? $"https://lambda.{region}.amazonaws.com/" : ServiceUrl.TrimEnd('/') + "/", UriKind.Absolute);
}
