using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation;

/// <summary>The <c>s3</c> source of the k8s and argoWorkflow triggers: bucket, key, endpoint and the two credential secrets.</summary>
public static partial class SensorValidator
{
    private static void ValidateS3Source(string sp, S3Artifact s3, List<SpecDiagnostic> d)
    {
        if (s3.Bucket is null)
        {
            d.Add(Error($"{sp}.bucket", "required: {name, key} of the object"));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(s3.Bucket.Name))
            {
                d.Add(Error($"{sp}.bucket.name", "required"));
            }

            if (string.IsNullOrWhiteSpace(s3.Bucket.Key))
            {
                d.Add(Error($"{sp}.bucket.key", "required"));
            }
        }

        if (string.IsNullOrWhiteSpace(s3.Endpoint))
        {
            d.Add(Error($"{sp}.endpoint", "required: host[:port] of the S3 API"));
        }
        else if (s3.Endpoint.Contains("://", StringComparison.Ordinal))
        {
            d.Add(Error($"{sp}.endpoint", $"\"{s3.Endpoint}\" must be host[:port] without a scheme (insecure: true selects http, otherwise https)"));
        }

        foreach (var (field, secret) in new[] { ("accessKey", s3.AccessKey), ("secretKey", s3.SecretKey) })
        {
            if (secret is null)
            {
                d.Add(Error($"{sp}.{field}", "required: a secret reference {name, key}"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(secret.Name))
            {
                d.Add(Error($"{sp}.{field}.name", "required"));
            }

            if (string.IsNullOrWhiteSpace(secret.Key))
            {
                d.Add(Error($"{sp}.{field}.key", "required"));
            }
        }

        if (s3.CaCertificate is not null)
        {
            d.Add(Warning($"{sp}.caCertificate", "not used: an https endpoint is verified against the system's trusted certificates"));
        }

        if (s3.Events is not null || s3.Filter is not null)
        {
            d.Add(Warning($"{sp}.{(s3.Events is not null ? "events" : "filter")}", "ignored: bucket notifications have no meaning for a trigger source"));
        }
    }
}
