using Amazon;
using Amazon.Runtime;
using Amazon.SQS;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Sqs;

/// <summary>
/// The SQS client of an <c>sqs</c> event: the region's AWS endpoint or <c>endpoint</c> (signed for <c>region</c>),
/// static credentials from <c>accessKey</c>/<c>secretKey</c> (+ <c>sessionToken</c>) read through the secret resolver,
/// or the default AWS credential chain when none are given.
/// </summary>
public static class SqsClients
{
    public static IAmazonSQS Create(SqsEventSource spec, SecretResolver secrets)
    {
        var config = new AmazonSQSConfig { MaxErrorRetry = 1 };
        if (string.IsNullOrWhiteSpace(spec.Endpoint))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(spec.Region);
        }
        else
        {
            config.ServiceURL = spec.Endpoint;
            config.AuthenticationRegion = spec.Region;
        }

        if (spec.AccessKey is null)
        {
            return new AmazonSQSClient(config);
        }

        var accessKey = Secret(secrets, spec.AccessKey, "accessKey");
        var secretKey = Secret(secrets, spec.SecretKey, "secretKey");
        AWSCredentials credentials = spec.SessionToken is null
            ? new BasicAWSCredentials(accessKey, secretKey)
            : new SessionAWSCredentials(accessKey, secretKey, Secret(secrets, spec.SessionToken, "sessionToken"));
        return new AmazonSQSClient(credentials, config);
    }

    private static string Secret(SecretResolver secrets, SecretKeySelector? selector, string field) =>
        secrets.Resolve(selector) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{field}: secret {selector?.Name}/{selector?.Key} not found");
}
