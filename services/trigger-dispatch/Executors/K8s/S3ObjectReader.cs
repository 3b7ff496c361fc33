using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.TriggerDispatch.Executors.K8s;

/// <summary>
/// Reads the text of a trigger's <c>source.s3</c> object from an S3-compatible API: <c>endpoint</c> over https, or http
/// with <c>insecure: true</c>, path-style addressing, signed with the access and secret keys read from their secrets.
/// Failures carry S3's message; the keys never appear in them.
/// </summary>
public sealed class S3ObjectReader(SecretResolver secrets)
{
    /// <summary>How the object is named in outcomes: <c>source.s3 bucket/key</c>.</summary>
    public static string Describe(S3Artifact s3) => $"source.s3 {s3.Bucket?.Name}/{s3.Bucket?.Key}";

    /// <exception cref="ResourceSourceException">The object cannot be read.</exception>
    public async Task<string> ReadAsync(S3Artifact s3, CancellationToken ct)
    {
        var where = Describe(s3);
        if (string.IsNullOrWhiteSpace(s3.Endpoint) || string.IsNullOrWhiteSpace(s3.Bucket?.Name) || string.IsNullOrWhiteSpace(s3.Bucket.Key))
        {
            throw new ResourceSourceException($"{where}: endpoint, bucket.name and bucket.key are required");
        }

        string accessKey, secretKey;
        try
        {
            accessKey = secrets.Require("source.s3.accessKey", s3.AccessKey);
            secretKey = secrets.Require("source.s3.secretKey", s3.SecretKey);
        }
        catch (MissingSecretException ex)
        {
            throw new ResourceSourceException(ex.Message);
        }

        if (!Uri.TryCreate($"{(s3.Insecure == true ? "http" : "https")}://{s3.Endpoint}", UriKind.Absolute, out var serviceUrl))
        {
            throw new ResourceSourceException($"{where}: endpoint \"{s3.Endpoint}\" is not host[:port]");
        }

        var config = new AmazonS3Config
        {
            ServiceURL = serviceUrl.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = string.IsNullOrWhiteSpace(s3.Region) ? "us-east-1" : s3.Region,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 1,
        };
        try
        {
            using var client = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config);
            using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = s3.Bucket.Name, Key = s3.Bucket.Key }, ct);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync(ct);
        }
        catch (AmazonServiceException ex)
        {
            var code = string.IsNullOrEmpty(ex.ErrorCode) ? "" : $"{ex.ErrorCode}: ";
            throw new ResourceSourceException($"{where}: {code}{ex.Message}");
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException)
        {
            throw new ResourceSourceException($"{where}: {ex.Message}");
        }
    }
}
